/* $Id$ */

/*
 * Copyright (c) 2026 The stash authors
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "store.h"

/*
 * Customers, keyed by number, with one search index over normalised name,
 * phone, ID document number and medical card number:
 *
 *   kind:u8 key NUL id:u32 -> empty
 *
 * (the key unprefixed and NUL-terminated, so that a search is a prefix
 * scan)
 * Names are lower case "last first", phones digits only, document and card
 * numbers upper case without spaces or dashes.
 */

#define CUSTOMER_KIND	'C'
enum { CU_ID = 1, CU_TYPE, CU_FIRST, CU_LAST, CU_DOB, CU_ID_TYPE,
    CU_ID_NUMBER, CU_ID_STATE, CU_ID_EXPIRES, CU_CARD, CU_CARD_STATE,
    CU_CARD_EXPIRES, CU_PHYSICIAN, CU_CONDITION, CU_RESIDENCE, CU_PHONE,
    CU_EMAIL, CU_MARKETING, CU_NOTES, CU_LOYALTY, CU_PATIENT, CU_CREATED,
    CU_VETERAN, CU_EMPLOYEE };

static const char *customer_types[] = {
	[CUSTOMER_ADULT] = "adult",
	[CUSTOMER_MEDICAL] = "medical",
	[CUSTOMER_CAREGIVER] = "caregiver",
	[CUSTOMER_OOS_PATIENT] = "oos-patient",
};

const char *
store_customer_type_name(int type)
{
	if (type < CUSTOMER_ADULT || type > CUSTOMER_OOS_PATIENT)
		return ("unknown");
	return (customer_types[type]);
}

int
store_customer_type_find(const char *name)
{
	int	i;

	for (i = CUSTOMER_ADULT; i <= CUSTOMER_OOS_PATIENT; i++) {
		if (strcmp(customer_types[i], name) == 0)
			return (i);
	}
	return (-1);
}

/* Normalise a search key of one kind ('N', 'P', 'I', 'C'). */
void
store_customer_norm(int kind, const char *in, char *out, size_t len)
{
	size_t	j = 0;

	for (; *in != '\0' && j + 1 < len; in++) {
		switch (kind) {
		case 'N':
			out[j++] = tolower((u_char)*in);
			break;
		case 'P':
			if (isdigit((u_char)*in))
				out[j++] = *in;
			break;
		default:
			if (isalnum((u_char)*in))
				out[j++] = toupper((u_char)*in);
			break;
		}
	}
	out[j] = '\0';
}

int
store_customer_decode(const u_char *v, size_t vlen, struct customer *cu)
{
	struct codec	 c;
	const u_char	*p;
	size_t		 pos = 0, n;
	int64_t		 id = 0, type = 0, dob = 0, ide = 0, carde = 0, mk = 0;
	int64_t		 vet = 0, emp = 0;

	memset(cu, 0, sizeof *cu);
	if (codec_open(&c, v, vlen, CUSTOMER_KIND) != 0 ||
	    codec_get_i64(&c, CU_ID, &id) != 0 ||
	    codec_get_i64(&c, CU_TYPE, &type) < 0 ||
	    codec_get_str(&c, CU_FIRST, cu->first, sizeof cu->first) < 0 ||
	    codec_get_str(&c, CU_LAST, cu->last, sizeof cu->last) < 0 ||
	    codec_get_i64(&c, CU_DOB, &dob) < 0 ||
	    codec_get_str(&c, CU_ID_TYPE, cu->id_type, sizeof cu->id_type) < 0 ||
	    codec_get_str(&c, CU_ID_NUMBER, cu->id_number,
	    sizeof cu->id_number) < 0 ||
	    codec_get_str(&c, CU_ID_STATE, cu->id_state,
	    sizeof cu->id_state) < 0 ||
	    codec_get_i64(&c, CU_ID_EXPIRES, &ide) < 0 ||
	    codec_get_str(&c, CU_CARD, cu->card_number,
	    sizeof cu->card_number) < 0 ||
	    codec_get_str(&c, CU_CARD_STATE, cu->card_state,
	    sizeof cu->card_state) < 0 ||
	    codec_get_i64(&c, CU_CARD_EXPIRES, &carde) < 0 ||
	    codec_get_str(&c, CU_PHYSICIAN, cu->physician,
	    sizeof cu->physician) < 0 ||
	    codec_get_str(&c, CU_CONDITION, cu->condition,
	    sizeof cu->condition) < 0 ||
	    codec_get_str(&c, CU_RESIDENCE, cu->residence,
	    sizeof cu->residence) < 0 ||
	    codec_get_str(&c, CU_PHONE, cu->phone, sizeof cu->phone) < 0 ||
	    codec_get_str(&c, CU_EMAIL, cu->email, sizeof cu->email) < 0 ||
	    codec_get_i64(&c, CU_MARKETING, &mk) < 0 ||
	    codec_get_str(&c, CU_NOTES, cu->notes, sizeof cu->notes) < 0 ||
	    codec_get_i64(&c, CU_LOYALTY, &cu->loyalty) < 0 ||
	    codec_get_i64(&c, CU_CREATED, &cu->created) < 0 ||
	    codec_get_i64(&c, CU_VETERAN, &vet) < 0 ||
	    codec_get_i64(&c, CU_EMPLOYEE, &emp) < 0 ||
	    id <= 0 || id > UINT32_MAX || emp < 0 || emp > UINT32_MAX)
		return (-1);
	while (codec_next(&c, &pos, CU_PATIENT, &p, &n)) {
		if (n != 4 || cu->npatients == CUSTOMER_PATIENTS)
			return (-1);
		cu->patients[cu->npatients++] = store_key_get_u32(p);
	}
	cu->id = (uint32_t)id;
	cu->type = (int)type;
	cu->dob = (int)dob;
	cu->id_expires = (int)ide;
	cu->card_expires = (int)carde;
	cu->marketing = mk != 0;
	cu->veteran = vet != 0;
	cu->employee = (uint32_t)emp;
	return (0);
}

int
store_customer_get(struct store_txn *t, uint32_t id, struct customer *cu)
{
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	if ((r = store_get_u32(t, DB_CUSTOMER, id, &v, &vlen)) != 0)
		return (r);
	if (store_customer_decode(v, vlen, cu) != 0 || cu->id != id) {
		store_fail(t, STORE_CORRUPT, "customer record damaged");
		return (STORE_CORRUPT);
	}
	return (0);
}

static void
store_customer_index(struct store_txn *t, int kind, const char *key,
    uint32_t id, int add)
{
	struct store_key	k;
	char			norm[96];
	u_char			c = (u_char)kind;

	store_customer_norm(kind, key, norm, sizeof norm);
	if (norm[0] == '\0')
		return;
	store_key_init(&k);
	memcpy(k.data, &c, 1);
	memcpy(k.data + 1, norm, strlen(norm) + 1);
	k.len = 1 + strlen(norm) + 1;
	store_key_u32(&k, id);
	if (add)
		store_put(t, DB_CUSTOMER_INDEX, k.data, k.len, "", 0);
	else
		store_del(t, DB_CUSTOMER_INDEX, k.data, k.len);
}

static void
store_customer_indexes(struct store_txn *t, const struct customer *cu,
    int add)
{
	char	name[96];

	snprintf(name, sizeof name, "%s %s", cu->last, cu->first);
	store_customer_index(t, 'N', name, cu->id, add);
	store_customer_index(t, 'P', cu->phone, cu->id, add);
	store_customer_index(t, 'I', cu->id_number, cu->id, add);
	store_customer_index(t, 'C', cu->card_number, cu->id, add);
}

/* Write a customer; old is the previous version (NULL if new). */
void
store_customer_put(struct store_txn *t, const struct customer *cu,
    const struct customer *old)
{
	struct store_key	k, pk;
	struct buf		b;
	u_int			i;

	buf_init(&b);
	codec_begin(&b, CUSTOMER_KIND, 1);
	codec_i64(&b, CU_ID, cu->id);
	codec_i64(&b, CU_TYPE, cu->type);
	codec_str(&b, CU_FIRST, cu->first);
	codec_str(&b, CU_LAST, cu->last);
	codec_i64(&b, CU_DOB, cu->dob);
	codec_str(&b, CU_ID_TYPE, cu->id_type);
	codec_str(&b, CU_ID_NUMBER, cu->id_number);
	codec_str(&b, CU_ID_STATE, cu->id_state);
	codec_i64(&b, CU_ID_EXPIRES, cu->id_expires);
	codec_str(&b, CU_CARD, cu->card_number);
	codec_str(&b, CU_CARD_STATE, cu->card_state);
	codec_i64(&b, CU_CARD_EXPIRES, cu->card_expires);
	codec_str(&b, CU_PHYSICIAN, cu->physician);
	codec_str(&b, CU_CONDITION, cu->condition);
	codec_str(&b, CU_RESIDENCE, cu->residence);
	codec_str(&b, CU_PHONE, cu->phone);
	codec_str(&b, CU_EMAIL, cu->email);
	codec_i64(&b, CU_MARKETING, cu->marketing);
	codec_str(&b, CU_NOTES, cu->notes);
	codec_i64(&b, CU_LOYALTY, cu->loyalty);
	for (i = 0; i < cu->npatients; i++) {
		store_key_init(&pk);
		store_key_u32(&pk, cu->patients[i]);
		codec_bytes(&b, CU_PATIENT, pk.data, pk.len);
	}
	codec_i64(&b, CU_CREATED, cu->created);
	if (cu->veteran)
		codec_i64(&b, CU_VETERAN, 1);
	if (cu->employee != 0)
		codec_i64(&b, CU_EMPLOYEE, cu->employee);
	store_key_init(&k);
	store_key_u32(&k, cu->id);
	store_put(t, DB_CUSTOMER, k.data, k.len, b.data, b.len);
	buf_free(&b);

	if (old != NULL)
		store_customer_indexes(t, old, 0);
	store_customer_indexes(t, cu, 1);
}

uint32_t
store_customer_next_id(struct store_txn *t)
{
	return ((uint32_t)store_last_u64(t, DB_CUSTOMER) + 1);
}

# Simulated devices for the demo register, sourced by contrib/demo.sh when
# STASH_DEMO_DEVICES=1 (it sets $top, $build and $demo). Starts:
#   - a scale (tests/sim/sim-scale, MT-SICS, 3.540 g) on a pty, opened by
#     stash through the real libserialport with tests/sim/ptyshim.so
#     preloaded (libserialport cannot open a pty without it);
#   - a network receipt printer: a TCP sink on 127.0.0.1 that appends the
#     ESC/POS bytes to $demo/printer.escpos and their text (commands
#     dropped) to $demo/printer.txt -- "tail -f" it to watch receipts.
# and writes $demo/register-1.devices for them. Sets dev_preload,
# dev_file and dev_pids for demo.sh.

if [ "$build" = "$top" ]; then
	make tests/sim/ptyshim.so tests/sim/sim-scale >/dev/null
else
	(cd "$build" && make tests/sim/ptyshim.so tests/sim/sim-scale \
	    >/dev/null)
fi

rm -f "$demo/scale.pty" "$demo/printer.port"
"$build/tests/sim/sim-scale" -w 3540 >"$demo/scale.pty" &
dev_pids=$!
python3 - "$demo" >"$demo/printer.port" <<'EOT' &
import os, socket, sys
demo = sys.argv[1]
lens = {0x40: 0, 0x74: 1, 0x45: 1, 0x2d: 1, 0x61: 1, 0x64: 1, 0x70: 3}
def text(data):
    out, i = bytearray(), 0
    while i < len(data):
        c = data[i]
        if c == 0x1b and i + 1 < len(data):
            i += 2 + lens.get(data[i + 1], 1)
        elif c == 0x1d and i + 1 < len(data):
            i += 4 if data[i + 1:i + 3] == b"VA" else 3
        elif c == 0x10:
            i += 3
        else:
            if c == 0x0a or c >= 0x20:
                out.append(c)
            i += 1
    return bytes(out)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(4)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    data = b""
    while True:
        b = c.recv(4096)
        if not b:
            break
        data += b
        with open(os.path.join(demo, "printer.escpos"), "ab") as f:
            f.write(b)
        # A receipt ends with a cut (GS V A n): write its text then.
        while b"\x1dVA" in data:
            i = data.index(b"\x1dVA") + 4
            with open(os.path.join(demo, "printer.txt"), "ab") as f:
                f.write(text(data[:i]) + b"\n")
            data = data[i:]
EOT
dev_pids="$dev_pids $!"

i=0
while [ ! -s "$demo/scale.pty" ] || [ ! -s "$demo/printer.port" ]; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		echo "stash: the simulated devices did not start" >&2
		exit 1
	fi
	sleep 0.05
done
dev_file="$demo/register-1.devices"
cat >"$dev_file" <<EOT
# Written by contrib/demo-devices.sh: simulated devices.
scale mt-sics $(cat "$demo/scale.pty"):9600:8N1
printer escpos tcp:127.0.0.1:$(cat "$demo/printer.port")
EOT
dev_preload="LD_PRELOAD=$build/tests/sim/ptyshim.so"
cat <<EOT
Simulated devices: a scale on $(cat "$demo/scale.pty") (3.540 g, weigh
FL-GG4-BULK and press Enter) and a receipt printer whose receipts are in
$demo/printer.txt. F7 on the register shows and tests them.
EOT

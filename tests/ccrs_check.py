# The tests' name for contrib/ccrs-sim/ccrs_sim.py: Washington CCRS files
# checked as the state reads them, and the state's answers to an upload.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "contrib", "ccrs-sim"))
from ccrs_sim import *  # noqa: E402,F401,F403

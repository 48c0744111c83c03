"""Installs the network guard in every Python process started while the tests run.

tests/conftest.py puts this folder on PYTHONPATH and sets TEXT_TO_TENSORS_BLOCK_NETWORK=1, so
Jupyter kernels (nbval), DataLoader workers and other subprocesses are offline too.
"""

import os
import sys

if os.environ.get("TEXT_TO_TENSORS_BLOCK_NETWORK") == "1":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        import network_guard

        network_guard.install()
    finally:
        sys.path.pop(0)

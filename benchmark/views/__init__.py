"""Support for the `datasets` views of benchmark/hf.py: the on-disk cache (`cache`)."""

"""Load: a YAML file read into plain data with the position of every value, and the
project's configuration."""

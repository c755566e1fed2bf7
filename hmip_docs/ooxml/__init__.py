"""The Word package model the output checks and the template lint share: parts, styles, fonts."""

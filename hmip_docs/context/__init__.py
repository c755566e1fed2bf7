"""Context: the template context built from a valid record, the one place that decides
what is printed."""

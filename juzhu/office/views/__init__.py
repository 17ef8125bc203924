"""The office's views: thin — a form in, one action called, its error shown on the field."""

"""One module per kind of determination the measure makes."""

"""The e-permit: each card's signed credential, the keys that sign it and the status lists (issue 10)."""

"""Official documents printed as PDF: certificate, receipt, notices, the card, the endorsement record.

Every document states that the business is free of charge (Art 16, R-14).
"""

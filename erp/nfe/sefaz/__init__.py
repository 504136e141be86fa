"""Comunicação com a SEFAZ (web services da NF-e 4.00, SOAP 1.2): o único código que fala SOAP."""

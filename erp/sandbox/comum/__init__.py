"""Peças comuns aos simuladores (Tray e SEFAZ): relógio deslocável e fila de falhas programadas."""

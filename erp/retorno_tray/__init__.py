"""Retorno à Tray: depois que a NF-e é autorizada, os dados da nota e o status de faturado vão para o
pedido na loja Tray, uma única vez, de forma durável (uma linha `EnvioTray` por chave de acesso)."""

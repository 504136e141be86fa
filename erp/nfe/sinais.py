"""Sinais que a NF-e emite sem saber quem escuta (o retorno à Tray, o arquivo, o e-mail ao comprador).

Quem escuta liga-se no seu `init_app`: `sinais.nota_autorizada.connect(funcao)`. O sinal é enviado com a
nota (`NotaFiscal`) como remetente, dentro da transação que a autorizou: quem escuta registra o que deve
acontecer (uma linha, `fila.apos_commit(...)`), sem commit próprio.
"""
from blinker import Namespace

_sinais = Namespace()

# Enviado quando a SEFAZ autoriza uma NF-e: nota_autorizada.send(nota)
nota_autorizada = _sinais.signal("nfe.nota-autorizada")

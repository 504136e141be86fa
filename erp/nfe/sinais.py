"""Sinais que a NF-e emite sem saber quem escuta (o retorno à Tray, o arquivo, o e-mail ao comprador).

Quem escuta liga-se no seu `init_app`: `sinais.nota_autorizada.connect(funcao)`. O sinal é enviado com a
nota (`NotaFiscal`) como remetente, dentro da transação que a autorizou: quem escuta registra o que deve
acontecer (uma linha, `fila.apos_commit(...)`), sem commit próprio.
"""
from blinker import Namespace

_sinais = Namespace()

# Enviado quando a SEFAZ autoriza uma NF-e: nota_autorizada.send(nota)
nota_autorizada = _sinais.signal("nfe.nota-autorizada")

# Enviado quando a SEFAZ registra um evento da NF-e (cancelamento, carta de correção), com o procEventoNFe já
# guardado: evento_registrado.send(evento) — o remetente é o EventoNFe.
evento_registrado = _sinais.signal("nfe.evento-registrado")

# Enviado quando a SEFAZ homologa uma inutilização de números (procInutNFe guardado):
# inutilizacao_homologada.send(inutilizacao) — o remetente é a InutilizacaoNFe.
inutilizacao_homologada = _sinais.signal("nfe.inutilizacao-homologada")


def avisar(sinal, remetente) -> None:
    """Envia `sinal` na transação em curso, num savepoint: o que os ouvintes gravam ou enfileiram sai com o
    commit; se um ouvinte falhar, desfaz-se só o savepoint, nunca o que a SEFAZ já registrou."""
    import logging

    from erp.extensions import db

    try:
        with db.session.begin_nested():
            sinal.send(remetente)
    except Exception:  # noqa: BLE001 — o documento vale na SEFAZ mesmo se um ouvinte falhar
        logging.getLogger(__name__).exception("Falha num ouvinte de %s", sinal.name)

"""Ajudantes dos testes do retorno à Tray: vendas e NF-e autorizadas no banco, e o simulador por HTTP."""
import time
from datetime import date, datetime
from decimal import Decimal

import requests

from erp.extensions import db
from erp.nfe.fiscal.chave import codigo_numerico_valido, montar_chave
from erp.nfe.models import NotaFiscal
from erp.produtos.models import Produto
from erp.retorno_tray import services
from erp.sandbox.tray.construtor import semente_minima, status_padrao
from erp.vendas.models import Cliente, Venda, VendaItem

CNPJ_EMITENTE = "11222333000181"
FATURADO_ID = "31"  # id que só existe neste simulador: o envio precisa achá-lo pelo nome


def semente(**opcoes) -> dict:
    """semente_minima com um status a mais, "NOTA FISCAL EMITIDA", de id próprio."""
    base = semente_minima(**opcoes)
    base["statuses"] = status_padrao() + [{"OrderStatus": {
        "id": FATURADO_ID, "status": "NOTA FISCAL EMITIDA", "type": "open", "default": "0",
        "description": "Nota fiscal emitida", "show_backoffice": "1", "allow_edit_order": "1",
        "show_status_central": "1", "background": "#605ca8"}}]
    return base


def chave_para(numero: int, serie: int = 1, dv_errado: bool = False) -> str:
    codigo = (numero * 7919 + 12_345_679) % 10**8
    while not codigo_numerico_valido(f"{codigo:08d}", numero):
        codigo = (codigo + 1) % 10**8
    chave = montar_chave(35, date(2026, 11, 20), CNPJ_EMITENTE, serie, numero, 1, f"{codigo:08d}")
    if dv_errado:
        chave = chave[:43] + str((int(chave[43]) + 1) % 10)
    return chave


def xml_proc(chave: str, numero: int, cfops=("5102",), dh_emi="2026-11-20T14:30:00-03:00") -> bytes:
    dets = "".join(f'<det nItem="{n}"><prod><cProd>P{n}</cProd><CFOP>{cfop}</CFOP></prod></det>'
                   for n, cfop in enumerate(cfops, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" '
            f'versao="4.00"><NFe><infNFe Id="NFe{chave}" versao="4.00"><ide><cUF>35</cUF><nNF>{numero}</nNF>'
            f'<dhEmi>{dh_emi}</dhEmi></ide>{dets}</infNFe></NFe><protNFe versao="4.00"><infProt>'
            f'<chNFe>{chave}</chNFe><cStat>100</cStat><xMotivo>Autorizado o uso da NF-e</xMotivo>'
            f'</infProt></protNFe></nfeProc>').encode()


def venda_com_nota(loja, pedido: str, numero: int, valor: str = "274.80", itens=(), dv_errado: bool = False,
                   situacao: str = "autorizada") -> NotaFiscal:
    """Venda do pedido da Tray e a NF-e (autorizada, com nfeProc) gravadas direto no banco (sem commit)."""
    cliente = Cliente(nome=f"Cliente do pedido {pedido}")
    venda = Venda(loja_id=loja.id, pedido_tray_id=pedido, cliente=cliente, data_pedido=datetime(2026, 11, 20, 12),
                  total=Decimal(valor))
    for n, (tray_produto, tray_variacao) in enumerate(itens, 1):
        produto = db.session.query(Produto).filter_by(referencia=f"REF-{tray_produto}").one_or_none()
        if produto is None:
            produto = Produto(referencia=f"REF-{tray_produto}", nome=f"Produto {tray_produto}")
        venda.itens.append(VendaItem(produto=produto, descricao=produto.nome, quantidade=Decimal(1),
                                     valor_unitario=Decimal(valor), tray_produto_id=tray_produto,
                                     tray_variacao_id=tray_variacao))
    chave = chave_para(numero, dv_errado=dv_errado)
    nota = NotaFiscal(venda=venda, ambiente="homologacao", serie=1, numero=numero, chave=chave,
                      situacao=situacao, valor_total=Decimal(valor), protocolo="135260000000001",
                      emitida_em=datetime(2026, 11, 20, 17, 30),
                      xml_proc=xml_proc(chave, numero, cfops=["5102"] * max(1, len(itens))))
    db.session.add_all([cliente, venda, nota])
    db.session.flush()
    return nota


def autorizar(nota):
    """O que a transmissão à SEFAZ faz: nota autorizada + nota_autorizada() + commit, na mesma transação."""
    envio = services.nota_autorizada(nota)
    db.session.commit()
    return envio


class Sim:
    """O simulador: rotas /_sandbox por HTTP e leitura do estado da loja."""

    def __init__(self, simulador):
        self.s = simulador
        self.url_base = simulador.url_base
        self.estado = simulador.estado

    def _url(self, caminho: str) -> str:
        return f"{self.url_base}/_sandbox/{caminho}"

    def requisicoes(self, metodo: str | None = None, prefixo: str = "") -> list[dict]:
        todas = requests.get(self._url("requests"), timeout=5).json()["requests"]
        return [r for r in todas if (metodo is None or r["method"] == metodo)
                and r["path"].removeprefix("/web_api").startswith(prefixo)]

    def chamadas(self, prefixo: str = "") -> list[tuple]:
        return [(r["method"], r["path"].removeprefix("/web_api"), r["status"]) for r in self.requisicoes(None, prefixo)]

    def limpar_requisicoes(self) -> None:
        requests.delete(self._url("requests"), timeout=5).raise_for_status()

    def emails(self, pedido: str | None = None) -> list[dict]:
        todos = requests.get(self._url("emails"), timeout=5).json()["emails"]
        return [e for e in todos if pedido is None or e["order_id"] == pedido]

    def falhar(self, tipo: str, prefixo: str, metodo: str = "", quantidade: int = 1, atraso_s: float = 2.0):
        resposta = requests.post(self._url("falhas"), json={
            "tipo": tipo, "quantidade": quantidade, "prefixo": prefixo, "metodo": metodo, "atraso_s": atraso_s},
            timeout=5)
        assert resposta.status_code == 200, resposta.text

    def limpar_falhas(self) -> None:
        requests.delete(self._url("falhas"), timeout=5).raise_for_status()

    def notas(self, pedido: str) -> list[dict]:
        with self.estado.trava:
            return [dict(self.estado.notas[n]) for n in self.estado.pedidos[pedido]["_notas"]]

    def pedido(self, pedido: str) -> dict:
        with self.estado.trava:
            return dict(self.estado.pedidos[pedido])

    def pre_cadastrar_nota(self, pedido: str, chave: str, numero: int) -> dict:
        with self.estado.trava:
            return self.estado.guardar_nota(self.estado.pedidos[pedido], {
                "issue_date": "2026-11-20", "number": str(numero), "serie": "1", "value": "10.00", "key": chave})

    def esperar(self, condicao, limite_s: float = 10.0) -> None:
        fim = time.monotonic() + limite_s
        while not condicao():
            assert time.monotonic() < fim, "o simulador não chegou ao estado esperado"
            time.sleep(0.05)

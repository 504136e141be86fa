"""Tabela de alíquotas internas de ICMS e FCP por UF (editável), entregue ao motor fiscal.

Cada linha tem vigência e fonte: as de referência vêm de tabelas.py; a que a empresa muda passa a dizer
"informada pela empresa" com a data da mudança (docs/fiscal.md, "Impostos").
"""
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from erp.comum.datas import hoje
from erp.extensions import db
from erp.nfe.fiscal import tabelas
from erp.nfe.models import AliquotaUF


class AliquotasInvalidas(Exception):
    def __init__(self, erros: dict):
        self.erros = erros
        super().__init__("; ".join(f"{uf}: {m}" for uf, m in erros.items()))


def listar() -> list[AliquotaUF]:
    """Uma linha por UF; as que faltam nascem com os valores de referência."""
    existentes = {a.uf: a for a in db.session.query(AliquotaUF)}
    faltando = [uf for uf in sorted(tabelas.CODIGOS_UF) if uf not in existentes]
    for uf in faltando:
        padrao = tabelas.TABELA_ICMS_PADRAO.interna(uf)
        existentes[uf] = AliquotaUF(uf=uf, aliquota_interna=padrao.interna, fcp=padrao.fcp,
                                    difal_base_dupla=padrao.difal_base_dupla, vigencia=padrao.vigencia,
                                    fonte=padrao.fonte)
        db.session.add(existentes[uf])
    sem_fonte = [a for uf, a in existentes.items() if not a.fonte and uf in tabelas.CODIGOS_UF]
    for linha in sem_fonte:  # linhas de antes da vigência/fonte: iguais à referência ganham a fonte dela
        padrao = tabelas.TABELA_ICMS_PADRAO.interna(linha.uf)
        if (linha.aliquota_interna, linha.fcp) == (padrao.interna, padrao.fcp):
            linha.vigencia, linha.fonte = padrao.vigencia, padrao.fonte
    if faltando or sem_fonte:
        db.session.commit()
    return [existentes[uf] for uf in sorted(existentes)]


def salvar(valores: dict) -> list[AliquotaUF]:
    """`valores` = {UF: {"interna": "18", "fcp": "2", "difal_base_dupla": bool}}."""
    linhas = {a.uf: a for a in listar()}
    erros, novos = {}, {}
    for uf, dados in valores.items():
        uf = uf.upper()
        if uf not in linhas:
            erros[uf] = "UF desconhecida"
            continue
        try:
            interna = Decimal(str(dados.get("interna", "")).replace(",", "."))
            fcp = Decimal(str(dados.get("fcp") or "0").replace(",", "."))
        except InvalidOperation:
            erros[uf] = "alíquota inválida"
            continue
        if not (0 <= interna <= 100 and 0 <= fcp <= 100):
            erros[uf] = "as alíquotas devem estar entre 0 e 100%"
            continue
        novos[uf] = (interna, fcp, bool(dados.get("difal_base_dupla")))
    if erros:
        raise AliquotasInvalidas(erros)
    for uf, (interna, fcp, dupla) in novos.items():
        linha = linhas[uf]
        if (linha.aliquota_interna, linha.fcp, linha.difal_base_dupla) != (interna, fcp, dupla):
            linha.vigencia, linha.fonte = hoje(), "informada pela empresa"
        linha.aliquota_interna, linha.fcp, linha.difal_base_dupla = interna, fcp, dupla
    db.session.commit()
    return list(linhas.values())


def tabela_icms() -> tabelas.TabelaIcms:
    """A tabela do motor: internas do banco, interestaduais pela Resolução do Senado."""
    internas = {
        a.uf: tabelas.AliquotaInterna(a.aliquota_interna, a.fcp, a.difal_base_dupla, a.vigencia, a.fonte)
        for a in listar()
    }
    return replace(tabelas.TABELA_ICMS_PADRAO, internas=internas)

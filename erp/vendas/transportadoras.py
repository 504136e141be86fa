"""Transportadoras do ERP e, por loja, a forma de envio da Tray (`shipment` do pedido) → transportadora ou
retirada na loja. A NF-e lê daqui o grupo transporta e a modalidade do frete (docs/fiscal.md)."""
from erp.comum.documentos import cnpj_valido, cpf_valido, limpar
from erp.comum.texto import ordenar_por_nome, texto_limpo
from erp.extensions import db
from erp.vendas.models import EnvioTransportadora, Transportadora, Venda

UFS = ("AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE", "PI", "PR",
       "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO")
CAMPOS = ("nome", "cpf_cnpj", "ie", "endereco", "municipio", "uf")


class TransportadoraInvalida(ValueError):
    """Dados recusados; `erros` = {campo: mensagem}."""

    def __init__(self, erros: dict):
        self.erros = erros
        super().__init__("; ".join(f"{c}: {m}" for c, m in erros.items()))


def _limpo(dados: dict) -> dict:
    limpo = {c: texto_limpo(str(dados.get(c) or ""), 60).strip() for c in CAMPOS}
    limpo["cpf_cnpj"] = limpar(limpo["cpf_cnpj"])
    limpo["uf"] = limpo["uf"].upper()
    ie = limpo["ie"].upper()
    limpo["ie"] = "ISENTO" if ie == "ISENTO" else "".join(c for c in ie if c.isdigit())
    erros = {}
    if len(limpo["nome"]) < 2:
        erros["nome"] = "informe o nome (razão social) da transportadora"
    documento = limpo["cpf_cnpj"]
    if documento and not ((len(documento) == 14 and cnpj_valido(documento))
                          or (len(documento) == 11 and cpf_valido(documento))):
        erros["cpf_cnpj"] = "CNPJ ou CPF inválido (confira os dígitos verificadores)"
    if limpo["ie"] and limpo["ie"] != "ISENTO" and not 2 <= len(limpo["ie"]) <= 14:
        erros["ie"] = "a IE tem de 2 a 14 algarismos (ou ISENTO)"
    if limpo["uf"] and limpo["uf"] not in UFS:
        erros["uf"] = "UF inválida"
    if erros:
        raise TransportadoraInvalida(erros)
    return limpo


def salvar_transportadora(dados: dict, transportadora: Transportadora | None = None) -> Transportadora:
    """Cria ou altera uma transportadora (com commit)."""
    limpo = _limpo(dados)
    if transportadora is None:
        transportadora = Transportadora()
        db.session.add(transportadora)
    for campo, valor in limpo.items():
        setattr(transportadora, campo, valor)
    db.session.commit()
    return transportadora


def listar() -> list[Transportadora]:
    return ordenar_por_nome(db.session.query(Transportadora).order_by(Transportadora.id).all())


def formas_de_envio(loja_id: int) -> list[str]:
    """As formas de envio que a loja já usou nas vendas e as já mapeadas, em ordem alfabética."""
    usadas = {f for (f,) in db.session.query(Venda.forma_envio).filter(Venda.loja_id == loja_id).distinct() if f}
    mapeadas = {e.forma_envio for e in db.session.query(EnvioTransportadora).filter_by(loja_id=loja_id)}
    return sorted(usadas | mapeadas, key=str.casefold)


def envio_da_venda(venda: Venda) -> EnvioTransportadora | None:
    """O mapeamento da forma de envio da venda na loja dela (None: a loja não mapeou)."""
    if not venda.forma_envio:
        return None
    return (db.session.query(EnvioTransportadora)
            .filter_by(loja_id=venda.loja_id, forma_envio=venda.forma_envio).first())


def envios_da_loja(loja_id: int) -> dict[str, EnvioTransportadora]:
    return {e.forma_envio: e for e in db.session.query(EnvioTransportadora).filter_by(loja_id=loja_id)}


def mapear_envio(loja_id: int, forma_envio: str, transportadora_id: int | None = None,
                 retirada: bool = False) -> EnvioTransportadora | None:
    """Liga a forma de envio da loja a uma transportadora, ou a marca como retirada na loja (com commit). Sem
    transportadora e sem retirada, desfaz o mapeamento (a NF-e volta a decidir pelo nome da forma de envio)."""
    forma_envio = texto_limpo(forma_envio, 120).strip()
    if not forma_envio:
        raise TransportadoraInvalida({"forma_envio": "informe a forma de envio"})
    if transportadora_id is not None and db.session.get(Transportadora, transportadora_id) is None:
        raise TransportadoraInvalida({"transportadora_id": "transportadora não encontrada"})
    envio = db.session.query(EnvioTransportadora).filter_by(loja_id=loja_id, forma_envio=forma_envio).first()
    if transportadora_id is None and not retirada:
        if envio is not None:
            db.session.delete(envio)
            db.session.commit()
        return None
    if envio is None:
        envio = EnvioTransportadora(loja_id=loja_id, forma_envio=forma_envio)
        db.session.add(envio)
    envio.transportadora_id = None if retirada else transportadora_id
    envio.retirada = bool(retirada)
    db.session.commit()
    return envio

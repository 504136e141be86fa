"""Clientes e endereços de clientes (tray-api.md §6)."""
from flask import Blueprint, request

from erp.sandbox.tray import apresentacao as ap
from erp.sandbox.tray import modelos
from erp.sandbox.tray.contexto import estado, notificar
from erp.sandbox.tray.corpo import entidade, ler_corpo
from erp.sandbox.tray.documentos import cnpj_valido, cpf_valido
from erp.sandbox.tray.listas import EspecLista, listar
from erp.sandbox.tray.modelos import desembrulhar
from erp.sandbox.tray.respostas import criado, erro_400, erro_404, excluido, json_resposta, salvo
from erp.sandbox.tray.valores import data_valida

bp = Blueprint("clientes", __name__)

_SOMENTE_LEITURA = {"id", "total_orders", "created", "modified", "registration_date", "last_modification", "token"}
ESPEC = EspecLista("Customers", "Customer", {"id": "igual", "name": "contem", "email": "igual_ci",
                                             "cpf": "documento", "cnpj": "igual", "created": "data",
                                             "modified": "data"}, padroes=modelos.CLIENTE)
ESPEC_ENDERECOS = EspecLista("CustomerAddresses", "CustomerAddress",
                             {"id": "igual", "customer_id": "igual", "type": "igual", "not_list": "igual"},
                             padroes=modelos.ENDERECO)
_OBRIGATORIOS_ENDERECO = ("address", "zip_code", "city", "state")


def _cliente(ident) -> dict:
    cliente = estado().clientes.get(str(ident))
    if cliente is None:
        raise erro_404(f"Cliente {ident} não encontrado")
    return cliente


def _validar_cliente(est, dados: dict, ident: str | None) -> dict:
    campos = {k: v for k, v in dados.items() if k in modelos.CLIENTE and k not in _SOMENTE_LEITURA}
    causas = []
    if ident is None and not campos.get("name", "").strip():
        causas.append("name: campo obrigatório")
    if campos.get("cpf") and not cpf_valido(campos["cpf"]):
        causas.append("cpf: CPF inválido")
    if campos.get("cnpj") and not cnpj_valido(campos["cnpj"]):
        causas.append("cnpj: CNPJ inválido")
    email = campos.get("email", "")
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        causas.append("email: e-mail inválido")
    elif email and any(c["email"].casefold() == email.casefold() and c["id"] != ident
                       for c in est.clientes.values()):
        causas.append("email: e-mail já cadastrado")
    data = campos.get("birth_date", "")
    if data and not data.startswith("0000-00-00") and not data_valida(data):
        causas.append("birth_date: data inválida (use AAAA-MM-DD)")
    if causas:
        raise erro_400(*causas)
    return campos


def _validar_endereco(est, dados: dict, exigir: bool) -> dict:
    campos = {k: v for k, v in dados.items() if k in modelos.ENDERECO and k != "id"}
    causas = [f"{c}: campo obrigatório" for c in _OBRIGATORIOS_ENDERECO if exigir and not campos.get(c, "").strip()]
    if exigir and campos.get("customer_id", "") not in est.clientes:
        causas.append(f"customer_id: cliente {campos.get('customer_id') or '(vazio)'} não existe")
    if causas:
        raise erro_400(*causas)
    return campos


@bp.get("/customers")
def listar_clientes():
    est = estado()
    with est.trava:
        return json_resposta(listar(list(est.clientes.values()), request.args, ESPEC, lambda c: ap.cliente(est, c)))


@bp.get("/customers/<int:ident>")
def obter(ident: int):
    est = estado()
    with est.trava:
        return json_resposta({"Customer": ap.cliente(est, _cliente(ident))})


@bp.post("/customers")
def criar():
    est = estado()
    dados = entidade(ler_corpo(request), "Customer")
    with est.trava:
        campos = _validar_cliente(est, dados, None)
        novos = desembrulhar(dados.get("CustomerAddress") or dados.get("CustomerAddresses"), "CustomerAddress")
        enderecos = [_validar_endereco(est, e, exigir=False) for e in novos]
        agora = est.agora()
        cliente = {**campos, "id": est.proximo_id("cliente"), "created": agora, "registration_date": agora,
                   "modified": agora}
        cliente["type"] = cliente.get("type") or ("1" if cliente.get("cnpj") else "0")
        est.clientes[cliente["id"]] = cliente
        for endereco in enderecos:
            endereco.update(id=est.proximo_id("endereco"), customer_id=cliente["id"])
            est.enderecos[endereco["id"]] = endereco
    notificar("customer", cliente["id"], "insert")
    return criado(cliente["id"])


@bp.put("/customers/<int:ident>")
def alterar(ident: int):
    est = estado()
    dados = entidade(ler_corpo(request), "Customer")
    with est.trava:
        cliente = _cliente(ident)
        cliente.update(_validar_cliente(est, dados, cliente["id"]), modified=est.agora())
    notificar("customer", cliente["id"], "update")
    return salvo(cliente["id"])


@bp.delete("/customers/<int:ident>")
def excluir(ident: int):
    est = estado()
    with est.trava:
        cliente = _cliente(ident)
        if any(p["customer_id"] == cliente["id"] for p in est.pedidos.values()):
            raise erro_400(f"id: o cliente {cliente['id']} tem pedidos")
        del est.clientes[cliente["id"]]
        for end in [e for e in est.enderecos.values() if e["customer_id"] == cliente["id"]]:
            del est.enderecos[end["id"]]
    notificar("customer", cliente["id"], "delete")
    return excluido(cliente["id"])


# endereços -------------------------------------------------------------------------------------------
@bp.get("/customers/addresses")
def listar_enderecos():
    est = estado()
    with est.trava:
        return json_resposta(listar(list(est.enderecos.values()), request.args, ESPEC_ENDERECOS,
                                    lambda e: ap.endereco(est, e)))


def _endereco(ident: int) -> dict:
    endereco = estado().enderecos.get(str(ident))
    if endereco is None:
        raise erro_404(f"Endereço {ident} não encontrado")
    return endereco


@bp.get("/customers/addresses/<int:ident>")
def obter_endereco(ident: int):
    est = estado()
    with est.trava:
        return json_resposta({"CustomerAddress": ap.endereco(est, _endereco(ident))})


@bp.post("/customers/addresses")
def criar_endereco():
    est = estado()
    dados = entidade(ler_corpo(request), "CustomerAddress")
    with est.trava:
        endereco = _validar_endereco(est, dados, exigir=True)
        endereco["id"] = est.proximo_id("endereco")
        est.enderecos[endereco["id"]] = endereco
        est.clientes[endereco["customer_id"]]["modified"] = est.agora()
    notificar("customer", endereco["customer_id"], "update")
    return criado(endereco["id"])


@bp.delete("/customers/addresses/<int:ident>")
def excluir_endereco(ident: int):
    est = estado()
    with est.trava:
        endereco = _endereco(ident)
        del est.enderecos[endereco["id"]]
    notificar("customer", endereco["customer_id"], "update")
    return excluido(endereco["id"])

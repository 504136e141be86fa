"""Clientes da semente de demonstração: PF e PJ com documentos válidos, e alguns problemáticos de propósito."""
import random

from erp.sandbox.dados import tabelas as t
from erp.sandbox.tray.documentos import dvs_cnpj, dvs_cpf, formatar_cnpj
from erp.sandbox.tray.valores import slug

DDD = {"SP": "11", "MG": "31", "PR": "41", "RS": "51", "BA": "71", "PE": "81", "CE": "85", "GO": "62", "SC": "48",
       "AM": "92", "PA": "91", "ES": "27", "RJ": "21", "DF": "61", "MA": "98", "PB": "83", "AL": "82", "MT": "65",
       "MS": "67"}


def cpf(rnd: random.Random) -> str:
    nove = "".join(str(rnd.randint(0, 9)) for _ in range(9))
    return nove + dvs_cpf(nove)


def cnpj(rnd: random.Random) -> str:
    doze = "".join(str(rnd.randint(0, 9)) for _ in range(8)) + "0001"
    return doze + dvs_cnpj(doze)


def ie_sp(rnd: random.Random) -> str:
    """Inscrição estadual de SP (12 dígitos, dois DVs)."""
    oito = [rnd.randint(0, 9) for _ in range(8)]
    d1 = sum(d * p for d, p in zip(oito, (1, 3, 4, 5, 6, 7, 8, 10))) % 11 % 10
    dez = oito + [d1] + [rnd.randint(0, 9) for _ in range(2)]
    d2 = sum(d * p for d, p in zip(dez, (3, 2, 10, 9, 8, 7, 6, 5, 4, 3, 2))) % 11 % 10
    return "".join(map(str, dez + [d2]))


def _endereco(rnd: random.Random, municipio) -> dict:
    cidade, uf, (cep_ini, cep_fim) = municipio
    cep = f"{rnd.randint(cep_ini, cep_fim):05d}-{rnd.randint(0, 999):03d}"
    return {"address": rnd.choice(t.RUAS), "number": str(rnd.randint(1, 2500)),
            "complement": rnd.choice(["", "", "", "Apto 12", "Casa 2", "Sala 305", "Bloco B"]),
            "neighborhood": rnd.choice(t.BAIRROS), "city": cidade, "state": uf, "zip_code": cep,
            "country": "Brasil"}


def _cliente(rnd: random.Random, ident: int, pj: bool, municipio=None) -> dict:
    municipio = municipio or rnd.choice(t.MUNICIPIOS)
    principal = _endereco(rnd, municipio)
    pessoa = f"{rnd.choice(t.NOMES)} {rnd.choice(t.SOBRENOMES)} {rnd.choice(t.SOBRENOMES)}"
    nome = rnd.choice(t.EMPRESAS).format(s=rnd.choice(t.SOBRENOMES)) if pj else pessoa
    ddd = DDD.get(principal["state"], "11")
    ident_s = str(ident)
    cliente = {
        "id": ident_s, "name": nome, "cpf": "" if pj else cpf(rnd),
        "cnpj": formatar_cnpj(cnpj(rnd)) if pj else "", "type": "1" if pj else "0",
        "company_name": nome if pj else "", "state_inscription": "", "rg": "",
        "email": f"{slug(pessoa).replace('-', '.')}.{ident}@example.com.br",
        "phone": f"({ddd}) 3{rnd.randint(100, 999)}-{rnd.randint(1000, 9999)}",
        "cellphone": f"({ddd}) 9{rnd.randint(1000, 9999)}-{rnd.randint(1000, 9999)}",
        "birth_date": "0000-00-00" if pj else f"{rnd.randint(1955, 2005)}-{rnd.randint(1, 12):02d}-"
                                                 f"{rnd.randint(1, 28):02d}",
        "gender": "" if pj else str(rnd.randint(0, 1)), **principal,
        "created": f"2026-{rnd.randint(1, 8):02d}-{rnd.randint(1, 28):02d} 10:00:00",
    }
    if pj:
        cliente["state_inscription"] = ie_sp(rnd) if principal["state"] == "SP" else rnd.choice(["ISENTO", ""])
    enderecos = [{"id": f"{ident}1", "customer_id": ident_s, "type": "1", "type_delivery": "1",
                  "recipient": pessoa if not pj else nome, **principal}]
    if rnd.random() < 0.2:
        entrega = {**_endereco(rnd, municipio), "city": principal["city"], "state": principal["state"]}
        enderecos = [{**enderecos[0], "type": "0", "type_delivery": "0"},
                     {"id": f"{ident}2", "customer_id": ident_s, "type": "1", "type_delivery": "1",
                      "recipient": pessoa, **entrega}]
    cliente["CustomerAddresses"] = [{"CustomerAddress": e} for e in enderecos]
    return cliente


def gerar_clientes(rnd: random.Random) -> tuple[list[dict], list[dict]]:
    """~120 clientes válidos (envelopados) e 4 problemáticos (sem envelope, para pedidos de demonstração)."""
    clientes = [{"Customer": _cliente(rnd, 101 + n, pj=n % 7 in (2, 5))} for n in range(120)]
    sem_documento = _cliente(rnd, 901, pj=False)
    sem_documento.update(cpf="", name="Cliente Sem Documento da Silva")
    cpf_invalido = _cliente(rnd, 902, pj=False)
    cpf_invalido["cpf"] = cpf_invalido["cpf"][:10] + str((int(cpf_invalido["cpf"][10]) + 1) % 10)
    cidade_inexistente = _cliente(rnd, 903, pj=False, municipio=("Vila Imaginária do Norte", "SP", (6000, 6999)))
    cnpj_invalido = _cliente(rnd, 904, pj=True)
    cnpj_invalido["cnpj"] = cnpj_invalido["cnpj"][:-1] + str((int(cnpj_invalido["cnpj"][-1]) + 1) % 10)
    return clientes, [sem_documento, cpf_invalido, cidade_inexistente, cnpj_invalido]

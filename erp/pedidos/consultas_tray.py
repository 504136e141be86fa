"""Leituras auxiliares na Tray para a tela de pedidos: status da loja e nome/documento dos clientes,
com um cache curto no processo para não gastar o limite de requisições a cada página."""
import threading
import time

from erp.comum.documentos import limpar
from erp.comum.ibge import normalizar
from erp.comum.texto import texto_limpo
from erp.extensions import db
from erp.lojas_virtuais.tray import api
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.lojas_virtuais.tray import valores as tv
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.vendas.models import Cliente, ClienteLoja

VALIDADE_S = 300
_cache: dict = {}
_trava = threading.Lock()


def _guardado(chave):
    with _trava:
        item = _cache.get(chave)
        return item[1] if item and item[0] > time.monotonic() else None


def _guardar(chave, valor):
    with _trava:
        _cache[chave] = (time.monotonic() + VALIDADE_S, valor)
    return valor


def limpar_cache() -> None:
    with _trava:
        _cache.clear()


def status_da_loja(loja, renovar: bool = False) -> list[dict]:
    """[{"id", "nome", "tipo"}]: os status de pedido da loja na Tray (ErroTray se a Tray falhar)."""
    chave = ("status", loja.id)
    if not renovar and (guardado := _guardado(chave)) is not None:
        return guardado
    return _guardar(chave, lista_de_status(api.status_de_pedido(loja)))


def lista_de_status(itens: list[dict]) -> list[dict]:
    """Os `OrderStatus` da Tray como {"id", "nome", "tipo"}, sem os que não têm nome."""
    return [{"id": texto_limpo(tv.texto(s.get("id")), 30), "nome": texto_limpo(tv.texto(s.get("status")), 120),
             "tipo": texto_limpo(tv.texto(s.get("type")), 30),
             "descricao": texto_limpo(tv.texto(s.get("description")), 200)}
            for s in itens if texto_limpo(tv.texto(s.get("status")), 120)]


def nome_e_documento(cliente: dict) -> tuple[str, str]:
    """(nome, CPF/CNPJ sem pontuação) de um Customer da Tray; PJ pelo CNPJ preenchido."""
    cnpj, cpf = tv.texto(cliente.get("cnpj")), tv.texto(cliente.get("cpf"))
    nome = (tv.texto(cliente.get("company_name")) if cnpj and not cpf else "") or tv.texto(cliente.get("name"))
    return texto_limpo(nome, 200), limpar(cnpj if cnpj and not cpf else cpf)[:14]


MAX_PAGINAS_CLIENTES = 3  # páginas de GET /customers (50 cada) lidas por tela, no máximo


def _numero(ident: str) -> int | None:
    return int(ident) if ident.isdigit() else None


def _ler_cadastros(loja, faltam: list[str]) -> dict[str, tuple[str, str]]:
    """Os cadastros que faltam, lidos da lista de clientes da loja (mais novos primeiro, 50 por leitura) em vez
    de um `GET /customers/{id}` por pedido: poucas leituras por tela, não uma por pedido. Para quando achou
    todos, quando a lista acaba, quando passou do menor id procurado ou depois de `MAX_PAGINAS_CLIENTES`."""
    procurados = set(faltam)
    menor = min((n for n in map(_numero, faltam) if n is not None), default=None)
    achados: dict[str, tuple[str, str]] = {}
    cli = cliente_da_loja(loja)
    for pagina in range(1, MAX_PAGINAS_CLIENTES + 1):
        try:
            itens = api.pagina_de_clientes(cli, pagina)
        except erros_tray.ErroTray:
            break
        numeros = []
        for cadastro in itens:
            ident = tv.texto(cadastro.get("id"))
            if not ident:
                continue
            valor = _guardar(("cliente", loja.id, ident), nome_e_documento(cadastro))
            numeros.append(_numero(ident))
            if ident in procurados:
                achados[ident] = valor
                procurados.discard(ident)
        if not procurados or len(itens) < api.LIMITE_LISTA:
            break
        if menor is not None and None not in numeros and numeros and min(numeros) < menor:
            break  # a lista já passou dos ids procurados (os que faltam não existem mais na loja)
    return achados


def clientes(loja, ids: list[str]) -> dict[str, tuple[str, str]]:
    """{id do cliente na Tray: (nome, CPF/CNPJ)}: do banco, do cache ou da lista de clientes da Tray."""
    ids = [i for i in dict.fromkeys(ids) if i]
    achados: dict[str, tuple[str, str]] = {}
    if ids:
        linhas = (db.session.query(ClienteLoja.tray_id, Cliente.nome, Cliente.cpf_cnpj)
                  .join(Cliente, Cliente.id == ClienteLoja.cliente_id)
                  .filter(ClienteLoja.loja_id == loja.id, ClienteLoja.tray_id.in_(ids)))
        achados = {tray_id: (nome, doc or "") for tray_id, nome, doc in linhas}
    faltam = []
    for ident in ids:
        if ident not in achados:
            guardado = _guardado(("cliente", loja.id, ident))
            if guardado is not None:
                achados[ident] = guardado
            else:
                faltam.append(ident)
    if faltam:
        achados.update(_ler_cadastros(loja, faltam))
    return achados


def guardar_cliente(loja_id: int, cadastro: dict) -> None:
    """O cadastro que veio no pedido completo entra no cache: a tela de pedidos não precisa lê-lo de novo."""
    ident = tv.texto(cadastro.get("id"))
    if ident:
        _guardar(("cliente", loja_id, ident), nome_e_documento(cadastro))


def ids_de_clientes(loja, texto: str, maximo: int = 20) -> list[str]:
    """Ids (na Tray) dos clientes cujo nome, CPF ou CNPJ casa com o texto: na Tray e no nosso cadastro."""
    texto = texto.strip()
    documento = limpar(texto)
    por_documento = len(documento) in (11, 14) and any(c.isdigit() for c in documento)
    ids: list[str] = []
    busca = ({"cnpj" if len(documento) == 14 else "cpf": documento} if por_documento else {"nome": texto})
    try:
        itens = api.procurar_clientes(loja, **busca)
        # Confere o que voltou: a Tray pode casar de outro jeito (ou ignorar o filtro).
        alvo = normalizar(texto)
        for cadastro in itens:
            nome, doc = nome_e_documento(cadastro)
            if (doc == documento) if por_documento else alvo in normalizar(
                    f"{nome} {tv.texto(cadastro.get('name'))}"):
                ids.append(tv.texto(cadastro.get("id")))
    except erros_tray.ErroTray:
        pass
    consulta = (db.session.query(ClienteLoja.tray_id).join(Cliente, Cliente.id == ClienteLoja.cliente_id)
                .filter(ClienteLoja.loja_id == loja.id))
    if por_documento:
        consulta = consulta.filter(Cliente.cpf_cnpj == documento)
    else:
        consulta = consulta.filter(Cliente.nome.ilike(f"%{texto}%"))
    ids += [tray_id for (tray_id,) in consulta.limit(maximo)]
    return [i for i in dict.fromkeys(ids) if i][:maximo]

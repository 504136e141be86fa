"""Regras de escrita de produtos e variações: validação, gravação e imagens (baixadas depois, pela fila)."""
from erp.sandbox.tray import modelos
from erp.sandbox.tray.contexto import notificar
from erp.sandbox.tray.imagens import baixar_slots, slots_informados
from erp.sandbox.tray.respostas import criado, erro_400, salvo
from erp.sandbox.tray.valores import data_valida, decimal, dinheiro, inteiro_texto

_DINHEIRO = ("price", "cost_price", "promotional_price", "ipi_value")
_INTEIROS = ("stock", "minimum_stock", "minimum_stock_alert", "availability_days", "order")
_MEDIDAS = ("weight", "length", "width", "height", "cubic_weight")
_DATAS = ("start_promotion", "end_promotion", "release_date")
_FLAGS = ("available", "free_shipping", "hot", "release", "virtual_product", "is_kit")
_TAMANHOS = {"name": 200, "ean": 120, "reference": 120, "brand": 120, "model": 150, "description": 4800,
             "description_small": 500}
LEITURA_PRODUTO = {"id", "category_name", "has_variation", "rating", "count_rating", "quantity_sold", "created",
                   "modified", "brand_id"}
LEITURA_VARIACAO = {"id", "product_id", "quantity_sold", "created", "modified", "Sku", "color_id_1", "color_id_2"}


def _converter(campos: dict, causas: list) -> None:
    for campo in list(campos):
        valor = campos[campo]
        if not isinstance(valor, str):
            continue
        try:
            if campo in _DINHEIRO:
                campos[campo] = dinheiro(valor)
                if decimal(campos[campo]) < 0:
                    causas.append(f"{campo}: não pode ser negativo")
            elif campo in _INTEIROS:
                campos[campo] = inteiro_texto(valor)
            elif campo in _MEDIDAS:
                campos[campo] = valor if valor and decimal(valor) >= 0 else "0"
        except ValueError:
            causas.append(f"{campo}: valor numérico inválido")
            continue
        if campo in _DATAS and valor and not valor.startswith("0000-00-00") and not data_valida(valor):
            causas.append(f"{campo}: data inválida (use AAAA-MM-DD)")
        if campo in _FLAGS and valor not in ("0", "1", ""):
            causas.append(f"{campo}: use 0 ou 1")
        if campo in _TAMANHOS and len(valor) > _TAMANHOS[campo]:
            causas.append(f"{campo}: no máximo {_TAMANHOS[campo]} caracteres")


def validar_produto(est, dados: dict, criar: bool) -> dict:
    campos = {k: v for k, v in dados.items()
              if (k in modelos.PRODUTO or k == "metatag") and k not in LEITURA_PRODUTO}
    causas = []
    if criar:
        for campo in ("name", "price"):
            if not str(campos.get(campo, "")).strip():
                causas.append(f"{campo}: campo obrigatório")
    elif "name" in campos and not campos["name"].strip():
        causas.append("name: não pode ficar vazio")
    _converter(campos, causas)
    ncm = campos.get("ncm", "")
    if ncm and not (ncm.isdigit() and len(ncm) == 8):
        causas.append("ncm: deve ter 8 dígitos")
    categoria = campos.get("category_id", "")
    if categoria not in ("", "0") and categoria not in est.categorias:
        causas.append(f"category_id: categoria {categoria} não existe")
    if causas:
        raise erro_400(*causas)
    return campos


def validar_variacao(est, dados: dict, atual: dict | None) -> dict:
    """Campos da variação; `Sku` recalculado de type_1/value_1 (+ type_2/value_2)."""
    if "values" in dados:
        raise erro_400("values: não aceito; envie type_1/value_1 e, se houver, type_2/value_2")
    campos = {k: v for k, v in dados.items() if k in modelos.VARIACAO and k not in LEITURA_VARIACAO}
    causas = []
    produto_id = atual["product_id"] if atual else dados.get("product_id", "")
    if atual is None and produto_id not in est.produtos:
        causas.append(f"product_id: produto {produto_id or '(vazio)'} não existe" if produto_id
                      else "product_id: campo obrigatório")
    eixos = {}
    if atual:
        for n, sku in enumerate(atual.get("Sku", [])[:2], 1):
            eixos[f"type_{n}"], eixos[f"value_{n}"] = sku.get("type", ""), sku.get("value", "")
    eixos.update({k: str(dados[k]).strip() for k in ("type_1", "value_1", "type_2", "value_2") if k in dados})
    for campo in ("type_1", "value_1"):
        if not eixos.get(campo):
            causas.append(f"{campo}: campo obrigatório")
    tem_tipo2, tem_valor2 = bool(eixos.get("type_2")), bool(eixos.get("value_2"))
    if tem_tipo2 != tem_valor2:
        falta = "value_2" if tem_tipo2 else "type_2"
        causas.append(f"{falta}: type_2 e value_2 devem ser informados juntos")
    _converter(campos, causas)
    if causas:
        raise erro_400(*causas)
    sku = [{"type": eixos["type_1"], "value": eixos["value_1"]}]
    if tem_tipo2:
        sku.append({"type": eixos["type_2"], "value": eixos["value_2"]})
    combinacao = [(s["type"].casefold(), s["value"].casefold()) for s in sku]
    for outra in est.variacoes.values():
        if outra["product_id"] == produto_id and outra is not atual and \
                [(s["type"].casefold(), s["value"].casefold()) for s in outra.get("Sku", [])] == combinacao:
            descricao = ", ".join(f"{s['type']}={s['value']}" for s in sku)
            raise erro_400(f"value_1: o produto {produto_id} já tem a variação {descricao} (id {outra['id']})")
    campos["Sku"] = sku
    campos["product_id"] = produto_id
    return campos


def aplicar_imagens(est, alvo: str, ident: str, produto_id: str, baixados: dict) -> None:
    """Grava em `est` o resultado dos downloads (imagens.baixar_slots) e o registro de imagens do produto."""
    slots = est.imagens[alvo][ident]
    for n, resultado in sorted(baixados.items()):
        registro = {"alvo": alvo, "id": ident, "slot": n, "url": resultado["url"], "hora": est.agora()}
        if resultado.get("remover"):
            registro["resultado"] = "removida" if slots.pop(n, None) else "slot vazio"
            if registro["resultado"] == "removida":
                # "As seguintes sobem de posição" (docs/tray.md, "Imagens dos produtos").
                for seguinte in sorted(s for s in slots if s > n):
                    slots[seguinte - 1] = {**slots.pop(seguinte), "slot": seguinte - 1}
        elif resultado["ok"]:
            repetida = [s for s, img in slots.items() if img["sha256"] == resultado["sha256"] and s != n]
            est.arquivos[resultado["sha256"]] = (resultado["dados"], resultado["content_type"])
            slots[n] = {"slot": n, "source": resultado["url"], "size": resultado["size"],
                        "sha256": resultado["sha256"], "ext": resultado["ext"], "largura": resultado["largura"],
                        "altura": resultado["altura"]}
            registro.update(resultado="ok", size=resultado["size"], sha256=resultado["sha256"],
                            largura=resultado["largura"], altura=resultado["altura"])
            if repetida:
                registro["aviso"] = f"mesma imagem já enviada no slot {repetida[0]}"
        else:
            registro.update(resultado="recusada", motivo=resultado["motivo"])
        est.log_imagens[produto_id].append(registro)


def _recusar_acima_do_maximo(est, alvo: str, ident: str, produto_id: str, slots: dict[int, str]) -> dict[int, str]:
    """Posições além de `max_image_slots` são recusadas já no registro; devolve as que seguem para a fila."""
    maximo = est.max_slots_imagem
    for n, url in sorted(slots.items()):
        if n > maximo and url.strip():
            est.log_imagens[produto_id].append({
                "alvo": alvo, "id": ident, "slot": n, "url": url.strip(), "hora": est.agora(),
                "resultado": "recusada", "motivo": f"posição {n} acima do máximo de {maximo} imagens por produto"})
    return {n: url for n, url in slots.items() if n <= maximo}


def _processar_imagens(est, alvo: str, colecao: dict, ident: str, produto_id: str, slots: dict[int, str]) -> None:
    """O trabalho da fila: baixa (fora da trava) e grava, se o produto ou a variação ainda existe."""
    baixados = baixar_slots(slots, est.timeout_imagem_s, est.limite_bytes_imagem, est.limite_px_imagem)
    with est.trava:
        if ident not in colecao:
            for n, resultado in sorted(baixados.items()):
                est.log_imagens[produto_id].append({
                    "alvo": alvo, "id": ident, "slot": n, "url": resultado["url"], "hora": est.agora(),
                    "resultado": "descartada", "motivo": "excluído antes do processamento da imagem"})
            return
        aplicar_imagens(est, alvo, ident, produto_id, baixados)


def _agendar_imagens(est, alvo: str, colecao: dict, registro: dict, chave_produto: str, dados: dict) -> None:
    """Põe na fila o download das imagens informadas, logo depois de gravar o registro (fora da trava)."""
    ident, produto_id = registro["id"], registro[chave_produto]
    with est.trava:
        slots = _recusar_acima_do_maximo(est, alvo, ident, produto_id, slots_informados(dados))
    slots = {n: url for n, url in slots.items() if url != ""}
    if not slots:
        return
    descricao = [{"alvo": alvo, "id": ident, "slot": n, "url": url.strip()} for n, url in sorted(slots.items())]
    est.fila_imagens.enfileirar(produto_id, lambda: _processar_imagens(est, alvo, colecao, ident, produto_id, slots),
                                descricao)


def inserir(est, alvo: str, sequencia: str, colecao: dict, campos: dict, dados: dict, chave_produto: str):
    """Grava o registro novo, agenda as imagens informadas e notifica a inclusão."""
    with est.trava:
        agora = est.agora()
        registro = {**campos, "id": est.proximo_id(sequencia), "created": agora, "modified": agora}
        colecao[registro["id"]] = registro
    _agendar_imagens(est, alvo, colecao, registro, chave_produto, dados)
    notificar(alvo, registro["id"], "insert")
    return criado(registro["id"])


def atualizar(est, alvo: str, colecao: dict, buscar, ident, campos: dict, dados: dict, chave_produto: str):
    """Altera o registro `buscar(ident)`, agenda as imagens informadas e notifica a alteração."""
    with est.trava:
        registro = buscar(ident)
        estoque_antes = registro.get("stock")
        registro.update(campos, modified=est.agora())
    _agendar_imagens(est, alvo, colecao, registro, chave_produto, dados)
    notificar(alvo, registro["id"], "update")
    if "stock" in campos and campos["stock"] != estoque_antes:  # escopos product_stock / variant_stock (§8)
        notificar(f"{alvo}_stock", registro["id"], "update")
    return salvo(registro["id"])

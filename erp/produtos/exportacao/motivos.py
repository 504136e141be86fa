"""Causas de erro da Tray ("price: campo obrigatório") em português simples para a tela."""
import re

CAMPOS = {
    "name": "nome", "description": "descrição", "description_small": "descrição curta",
    "reference": "referência", "ean": "EAN", "ncm": "NCM", "price": "preço", "cost_price": "preço de custo",
    "promotional_price": "preço promocional", "start_promotion": "início da promoção",
    "end_promotion": "fim da promoção", "brand": "marca", "model": "modelo", "weight": "peso",
    "length": "comprimento", "width": "largura", "height": "altura", "stock": "estoque",
    "category_id": "categoria", "available": "disponível", "availability": "disponibilidade",
    "product_id": "produto", "type_1": "tipo da variação 1", "value_1": "valor da variação 1",
    "type_2": "tipo da variação 2", "value_2": "valor da variação 2", "parent_id": "categoria pai",
}
FRASES = [
    (r"\bis required\b|\brequired\b", "é obrigatório"),
    (r"\bis invalid\b|\binvalid\b", "é inválido"),
    (r"\btoo long\b", "é longo demais"),
    (r"\bnot found\b", "não encontrado"),
    (r"\bmust be numeric\b", "deve ser numérico"),
]


def traduzir_causa(causa: str) -> str:
    texto = str(causa).strip()
    achado = re.match(r"^(?:Product\.|Variant\.|Category\.)?([a-z_0-9]+)\s*:\s*(.*)$", texto)
    if achado:
        campo, resto = achado.groups()
        if re.match(r"picture_source_\d+", campo):
            rotulo = f"imagem {campo.rsplit('_', 1)[1]}"
        else:
            rotulo = CAMPOS.get(campo, campo)
        texto = f"{rotulo}: {resto}"
    for padrao, troca in FRASES:
        texto = re.sub(padrao, troca, texto, flags=re.IGNORECASE)
    return texto


def motivo_validacao(erro, prefixo: str = "A Tray recusou o produto") -> str:
    causas = [traduzir_causa(c) for c in (getattr(erro, "causas", None) or []) if str(c).strip()]
    if causas:
        return f"{prefixo}: " + "; ".join(causas)
    return f"{prefixo}: {erro}"

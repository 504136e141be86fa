"""Carga do catálogo por planilha CSV (UTF-8, com cabeçalho), como quem vem de outro ERP.

Cada linha é gravada na sua própria transação: uma linha ruim é relatada (com o número da linha,
contando o cabeçalho como linha 1) e as outras entram. Recarregar o mesmo arquivo atualiza pela
referência, sem duplicar. Células vazias não alteram o que já está cadastrado.
"""
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from erp.extensions import db
from erp.produtos import imagens as img
from erp.produtos import services
from erp.produtos.erros import ErroProduto
from erp.produtos.models import Produto, Variacao

COLUNAS = [
    "referencia", "referencia_pai", "nome", "descricao", "ean", "ncm", "cest", "origem", "unidade", "marca",
    "modelo", "categoria", "preco", "preco_custo", "preco_promocional", "peso_g", "comprimento_cm",
    "largura_cm", "altura_cm", "estoque", "ativo", "imagens", "variacao_tipo_1", "variacao_valor_1",
    "variacao_tipo_2", "variacao_valor_2",
]
CAMPOS_PRODUTO = [c for c in COLUNAS if c not in ("referencia_pai", "imagens") and not c.startswith("variacao_")]


class ErroPlanilha(ValueError):
    """O arquivo inteiro não pôde ser lido (codificação, cabeçalho)."""


@dataclass
class ResultadoPlanilha:
    criados: int = 0
    atualizados: int = 0
    erros: list = field(default_factory=list)

    def como_dict(self) -> dict:
        return {"criados": self.criados, "atualizados": self.atualizados, "erros": self.erros}


def _ler(conteudo) -> tuple[list[str], list[tuple[int, dict]]]:
    if isinstance(conteudo, bytes):
        try:
            conteudo = conteudo.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ErroPlanilha("O arquivo não está em UTF-8: salve a planilha como “CSV UTF-8”") from None
    conteudo = conteudo.lstrip("\ufeff")
    primeira = conteudo.split("\n", 1)[0]
    separador = ";" if primeira.count(";") > primeira.count(",") else ","
    leitor = csv.reader(io.StringIO(conteudo, newline=""), delimiter=separador)
    try:
        cabecalho = [c.strip().lower() for c in next(leitor)]
    except StopIteration:
        raise ErroPlanilha("A planilha está vazia") from None
    if "referencia" not in cabecalho:
        raise ErroPlanilha("Cabeçalho sem a coluna “referencia” (a primeira linha deve ter os nomes das colunas)")
    desconhecidas = [c for c in cabecalho if c and c not in COLUNAS]
    if desconhecidas:
        raise ErroPlanilha(f"Colunas desconhecidas no cabeçalho: {', '.join(desconhecidas)}")
    linhas, fim_anterior = [], leitor.line_num
    try:
        for registro in leitor:
            inicio, fim_anterior = fim_anterior + 1, leitor.line_num
            if not any(c.strip() for c in registro):
                continue
            linhas.append((inicio, dict(zip(cabecalho, registro, strict=False)) | {"_colunas": len(registro)}))
    except csv.Error as erro:
        raise ErroPlanilha(f"Linha {leitor.line_num}: CSV malformado ({erro})") from None
    return cabecalho, linhas


def _carregar_imagens(celula: str, pasta_base: Path | None) -> list[bytes]:
    lista = []
    for item in (p.strip() for p in celula.split("|")):
        if not item:
            continue
        if item.lower().startswith(("http://", "https://")):
            lista.append(img.baixar(item))
            continue
        caminho = Path(item)
        if not caminho.is_absolute():
            if pasta_base is None:
                raise ErroProduto("imagens", f"Imagem “{item}”: na tela use URLs http(s) ou caminhos absolutos")
            caminho = pasta_base / caminho
        if not caminho.is_file():
            raise ErroProduto("imagens", f"Imagem “{item}”: arquivo não encontrado")
        lista.append(caminho.read_bytes())
    return lista


def _linha_produto(linha: dict, pasta_base) -> bool:
    ref = linha.get("referencia", "").strip()
    if db.session.query(Variacao.id).filter(Variacao.referencia == ref).first():
        raise ErroProduto("referencia", f"{ref} é uma variação: informe referencia_pai nesta linha")
    produto = db.session.query(Produto).filter(Produto.referencia == ref).first()
    dados = {c: linha[c] for c in CAMPOS_PRODUTO if c in linha}
    criado = produto is None
    produto = services.salvar_produto(dados, produto, parcial=True, motivo_estoque="planilha")
    if (linha.get("imagens") or "").strip():
        img.definir_imagens(produto, _carregar_imagens(linha["imagens"], pasta_base))
    return criado


def _linha_variacao(linha: dict, pasta_base) -> bool:
    ref, ref_pai = linha.get("referencia", "").strip(), linha["referencia_pai"].strip()
    pai = db.session.query(Produto).filter(Produto.referencia == ref_pai).first()
    if pai is None:
        raise ErroProduto("referencia_pai", f"Produto pai {ref_pai} não encontrado (na planilha ou no cadastro)")
    if db.session.query(Produto.id).filter(Produto.referencia == ref).first():
        raise ErroProduto("referencia", f"{ref} é um produto, não pode ser variação de {ref_pai}")
    variacao = db.session.query(Variacao).filter(Variacao.referencia == ref).first()
    if variacao is not None and variacao.produto_id != pai.id:
        raise ErroProduto("referencia", f"{ref} já é variação de outro produto ({variacao.produto.referencia})")
    dados = {"referencia": ref}
    for origem, destino in (("ean", "ean"), ("preco", "preco"), ("estoque", "estoque"), ("ativo", "ativo"),
                            ("variacao_tipo_1", "tipo_1"), ("variacao_valor_1", "valor_1"),
                            ("variacao_tipo_2", "tipo_2"), ("variacao_valor_2", "valor_2")):
        if origem in linha:
            dados[destino] = linha[origem]
    criada = variacao is None
    variacao = services.salvar_variacao(pai, dados, variacao, parcial=True, motivo_estoque="planilha")
    if (linha.get("imagens") or "").strip():
        lista = _carregar_imagens(linha["imagens"], pasta_base)
        if lista:
            img.definir_imagem_variacao(variacao, lista[0])
    return criada


def importar_planilha(conteudo, pasta_base: Path | None = None) -> ResultadoPlanilha:
    """Carrega o CSV; produtos antes das variações (o pai pode vir depois na planilha)."""
    cabecalho, linhas = _ler(conteudo)
    resultado = ResultadoPlanilha()
    produtos = [(n, l) for n, l in linhas if not (l.get("referencia_pai") or "").strip()]
    variacoes = [(n, l) for n, l in linhas if (l.get("referencia_pai") or "").strip()]
    for numero, linha in produtos + variacoes:
        ref = (linha.get("referencia") or "").strip()
        try:
            if linha["_colunas"] != len(cabecalho):
                raise ErroProduto(None, f"a linha tem {linha['_colunas']} colunas e o cabeçalho {len(cabecalho)}")
            if not ref:
                raise ErroProduto("referencia", "referência (SKU) vazia")
            tratar = _linha_variacao if (linha.get("referencia_pai") or "").strip() else _linha_produto
            criado = tratar(linha, pasta_base)
            db.session.commit()
        except ErroProduto as erro:
            db.session.rollback()
            resultado.erros.append({"linha": numero, "referencia": ref, "motivo": erro.mensagem})
            continue
        except Exception as erro:  # noqa: BLE001 — uma linha não derruba a carga inteira
            db.session.rollback()
            resultado.erros.append({"linha": numero, "referencia": ref, "motivo": f"erro inesperado: {erro}"})
            continue
        if criado:
            resultado.criados += 1
        else:
            resultado.atualizados += 1
    resultado.erros.sort(key=lambda e: e["linha"])
    return resultado


def modelo_csv() -> str:
    """Planilha de exemplo (cabeçalho e duas linhas) para baixar na tela."""
    saida = io.StringIO()
    escritor = csv.writer(saida)
    escritor.writerow(COLUNAS)
    escritor.writerow(["CAM-BAS", "", "Camiseta Básica", "<p>Algodão 100%</p>", "", "61091000", "", "0", "UN",
                       "Marca X", "Básica", "Moda > Camisetas", "59,90", "25,00", "", "180", "30", "20", "2",
                       "", "1", "", "", "", "", ""])
    escritor.writerow(["CAM-BAS-P-AZ", "CAM-BAS", "", "", "", "", "", "", "", "", "", "", "59,90", "", "", "",
                       "", "", "", "7", "1", "", "Cor", "Azul", "Tamanho", "P"])
    return saida.getvalue()

"""Carga do catálogo por planilha CSV (UTF-8, com cabeçalho), como quem vem de outro ERP.

Cada linha é gravada na sua própria transação: uma linha ruim é relatada (com o número da linha,
contando o cabeçalho como linha 1) e as outras entram. Recarregar o mesmo arquivo atualiza pela
referência, sem duplicar. Células vazias não alteram o que já está cadastrado.

Cada célula passa por `texto_limpo` (sem caracteres de controle nem de direção) e pelo tamanho da coluna.
Imagens (coluna `imagens`, separadas por `|`): pela tela, só URLs http(s) públicas (a guarda de endereços
de saída confere cada uma); pela linha de comando, também arquivos dentro da pasta da planilha ou da pasta
`--imagens`, sem `..` e sem atalho (symlink) que leve para fora delas.
"""
import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from erp.comum.texto import texto_limpo
from erp.extensions import db
from erp.produtos import imagens as img
from erp.produtos import services
from erp.produtos.erros import ErroImagem, ErroProduto
from erp.produtos.models import Produto, Variacao

COLUNAS = [
    "referencia", "referencia_pai", "nome", "descricao", "ean", "ncm", "cest", "origem", "unidade", "marca",
    "modelo", "categoria", "preco", "preco_custo", "preco_promocional", "peso_g", "comprimento_cm",
    "largura_cm", "altura_cm", "estoque", "ativo", "imagens", "variacao_tipo_1", "variacao_valor_1",
    "variacao_tipo_2", "variacao_valor_2",
]
# Tributação do produto na NF-e (docs/fiscal.md, "Impostos"); colunas opcionais, vazio mantém o cadastro.
COLUNAS_FISCAIS = [
    "cst_icms", "csosn", "cbenef", "nfci", "substituicao_tributaria", "st_mva", "st_aliquota_interna",
    "st_reducao_base", "st_fcp", "fcp_interno", "fcp_destino", "st_retido_base", "st_retido_aliquota",
    "st_retido_valor", "cst_ibs_cbs", "cclass_trib",
]
COLUNAS = COLUNAS + COLUNAS_FISCAIS
CAMPOS_PRODUTO = [c for c in COLUNAS if c not in ("referencia_pai", "imagens") and not c.startswith("variacao_")]
# Tamanho máximo de cada coluna, em caracteres (o do cadastro; EAN, NCM e CEST com folga para pontos e espaços,
# que a validação tira; a categoria é um caminho "A > B > C"; imagens são até 6 endereços).
TAMANHOS = {
    "referencia": 120, "referencia_pai": 120, "nome": 200, "descricao": 4800, "ean": 20, "ncm": 12, "cest": 12,
    "origem": 2, "unidade": 6, "marca": 120, "modelo": 150, "categoria": 1000, "preco": 30, "preco_custo": 30,
    "preco_promocional": 30, "peso_g": 30, "comprimento_cm": 30, "largura_cm": 30, "altura_cm": 30,
    "estoque": 30, "ativo": 10, "imagens": 6 * 2100, "variacao_tipo_1": 60, "variacao_valor_1": 120,
    "variacao_tipo_2": 60, "variacao_valor_2": 120,
    "cst_icms": 2, "csosn": 3, "cbenef": 10, "nfci": 36, "substituicao_tributaria": 10, "st_mva": 30,
    "st_aliquota_interna": 30, "st_reducao_base": 30, "st_fcp": 30, "fcp_interno": 30, "fcp_destino": 30,
    "st_retido_base": 30, "st_retido_aliquota": 30, "st_retido_valor": 30, "cst_ibs_cbs": 3, "cclass_trib": 6,
}
VARIAS_LINHAS = {"descricao"}


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


def _limpar(linha: dict) -> dict:
    """As células sem controles nem bidi; célula maior que a coluna é erro da linha (nada é cortado calado)."""
    limpa = {}
    for coluna, valor in linha.items():
        if coluna.startswith("_") or coluna not in TAMANHOS:
            limpa[coluna] = valor
            continue
        texto = texto_limpo(valor, uma_linha=coluna not in VARIAS_LINHAS)
        if len(texto) > TAMANHOS[coluna]:
            raise ErroProduto(coluna, f"Coluna “{coluna}”: no máximo {TAMANHOS[coluna]} caracteres "
                                      f"(tem {len(texto)})")
        limpa[coluna] = texto_limpo(texto, TAMANHOS[coluna], uma_linha=coluna not in VARIAS_LINHAS)
    return limpa


def _dentro(caminho: Path, raiz: Path) -> bool:
    try:
        caminho.relative_to(raiz)
    except ValueError:
        return False
    return True


def _arquivo_local(item: str, raizes: list[Path]) -> bytes:
    """O conteúdo do arquivo de imagem `item`, que precisa estar dentro de uma das pastas permitidas (a da
    planilha ou a de --imagens), sem `..` e sem atalho que leve para fora delas."""
    caminho = Path(item)
    if ".." in caminho.parts:
        raise ErroProduto("imagens", f"Imagem “{item}”: não use “..” no caminho; ponha a imagem na pasta da "
                                     "planilha ou na pasta de --imagens")
    raizes = [r.resolve() for r in raizes]
    candidatos = [caminho] if caminho.is_absolute() else [raiz / caminho for raiz in raizes]
    for candidato in candidatos:
        if not os.path.lexists(candidato):
            continue
        real = candidato.resolve()
        if not any(_dentro(real, raiz) for raiz in raizes):
            raise ErroProduto("imagens", f"Imagem “{item}”: fora da pasta da planilha (ou da pasta de --imagens); "
                                         "copie a imagem para lá")
        if not real.is_file():
            raise ErroProduto("imagens", f"Imagem “{item}”: não é um arquivo")
        if real.stat().st_size > img.MAX_BYTES:
            raise ErroProduto("imagens", f"Imagem “{item}”: maior que o máximo de "
                                         f"{img.MAX_BYTES // (1024 * 1024)} MB")
        with real.open("rb") as arquivo:
            dados = arquivo.read(img.MAX_BYTES + 1)
        try:
            img.formato(dados)
        except ErroImagem as erro:
            raise ErroImagem(f"Imagem “{item}”: {erro}") from None
        return dados
    raise ErroProduto("imagens", f"Imagem “{item}”: arquivo não encontrado na pasta da planilha"
                                 + (" nem na pasta de --imagens" if len(raizes) > 1 else ""))


def _carregar_imagens(celula: str, raizes: list[Path]) -> list[bytes]:
    """As imagens da célula. Sem `raizes` (a tela), só URLs http(s); nunca um caminho do servidor."""
    lista = []
    for item in (p.strip() for p in celula.split("|")):
        if not item:
            continue
        if item.lower().startswith(("http://", "https://")):
            lista.append(img.baixar(item))
            continue
        if not raizes:
            raise ErroProduto("imagens", f"Imagem “{item}”: pela tela, use o endereço (URL https://) da imagem; "
                                         "arquivos só pela linha de comando")
        lista.append(_arquivo_local(item, raizes))
    return lista


def _linha_produto(linha: dict, raizes: list[Path]) -> bool:
    ref = linha.get("referencia", "").strip()
    # As imagens vêm antes de gravar: um download demorado não segura o banco, e uma imagem ruim recusa a linha.
    imagens = _carregar_imagens(linha["imagens"], raizes) if (linha.get("imagens") or "").strip() else None
    if db.session.query(Variacao.id).filter(Variacao.referencia == ref).first():
        raise ErroProduto("referencia", f"{ref} é uma variação: informe referencia_pai nesta linha")
    produto = db.session.query(Produto).filter(Produto.referencia == ref).first()
    dados = {c: linha[c] for c in CAMPOS_PRODUTO if c in linha}
    criado = produto is None
    produto = services.salvar_produto(dados, produto, parcial=True, motivo_estoque="planilha")
    if imagens is not None:
        img.definir_imagens(produto, imagens)
    return criado


def _linha_variacao(linha: dict, raizes: list[Path]) -> bool:
    ref, ref_pai = linha.get("referencia", "").strip(), linha["referencia_pai"].strip()
    imagens = _carregar_imagens(linha["imagens"], raizes) if (linha.get("imagens") or "").strip() else None
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
    if imagens:
        img.definir_imagem_variacao(variacao, imagens[0])
    return criada


def importar_planilha(conteudo, pasta_base: Path | None = None,
                      pasta_imagens: Path | None = None) -> ResultadoPlanilha:
    """Carrega o CSV; produtos antes das variações (o pai pode vir depois na planilha).

    `pasta_base` (a pasta da planilha) e `pasta_imagens` só vêm da linha de comando: são as únicas pastas de
    onde se leem imagens em arquivo. Sem elas (a tela), imagens só por URL."""
    raizes = [p for p in (pasta_imagens, pasta_base) if p is not None]
    cabecalho, linhas = _ler(conteudo)
    resultado = ResultadoPlanilha()
    produtos = [(n, l) for n, l in linhas if not (l.get("referencia_pai") or "").strip()]
    variacoes = [(n, l) for n, l in linhas if (l.get("referencia_pai") or "").strip()]
    for numero, linha in produtos + variacoes:
        ref = texto_limpo(linha.get("referencia"), TAMANHOS["referencia"])
        try:
            if linha["_colunas"] != len(cabecalho):
                raise ErroProduto(None, f"a linha tem {linha['_colunas']} colunas e o cabeçalho {len(cabecalho)}")
            if not ref:
                raise ErroProduto("referencia", "referência (SKU) vazia")
            linha = _limpar(linha)
            ref = linha.get("referencia", "")
            tratar = _linha_variacao if (linha.get("referencia_pai") or "").strip() else _linha_produto
            criado = tratar(linha, raizes)
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
    sem_fiscal = [""] * len(COLUNAS_FISCAIS)
    escritor.writerow(["CAM-BAS", "", "Camiseta Básica", "<p>Algodão 100%</p>", "", "61091000", "", "0", "UN",
                       "Marca X", "Básica", "Moda > Camisetas", "59,90", "25,00", "", "180", "30", "20", "2",
                       "", "1", "", "", "", "", ""] + sem_fiscal)
    escritor.writerow(["CAM-BAS-P-AZ", "CAM-BAS", "", "", "", "", "", "", "", "", "", "", "59,90", "", "", "",
                       "", "", "", "7", "1", "", "Cor", "Azul", "Tamanho", "P"] + sem_fiscal)
    return saida.getvalue()

"""Telas do catálogo, por tela: o cadastro (catalogo), a planilha, a exportação para a loja e as imagens
públicas. A planilha usa o blueprint do catálogo."""
from erp.produtos.views import catalogo, estoque_tray, exportacao, imagens, planilha  # noqa: F401

BLUEPRINTS = (catalogo.bp, exportacao.bp, imagens.bp, estoque_tray.bp)

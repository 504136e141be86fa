"""Telas do catálogo, por tela: o cadastro (catalogo), a planilha, a revisão dos produtos criados pela importação,
a diferença de estoque com a Tray, a exportação para a loja e as imagens públicas. A planilha e a revisão usam o
blueprint do catálogo."""
from erp.produtos.views import catalogo, estoque_tray, exportacao, imagens, planilha, revisao  # noqa: F401

BLUEPRINTS = (catalogo.bp, exportacao.bp, imagens.bp, estoque_tray.bp)

"""Telas do catálogo, por tela: o cadastro (catalogo), a planilha, a revisão dos produtos criados pela importação,
a exportação para a loja e as imagens públicas. A planilha e a revisão usam o blueprint do catálogo."""
from erp.produtos.views import catalogo, exportacao, imagens, planilha, revisao  # noqa: F401

BLUEPRINTS = (catalogo.bp, exportacao.bp, imagens.bp)

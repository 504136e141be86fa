"""Exportação do catálogo do ERP para a Tray (produtos, categorias, variações, imagens, estoque)."""

"""Simulador de loja Tray Commerce (web_api) para testes e demonstração (tray-api.md §12 e §13, docs/tray.md).

API da loja em /web_api: /auth, /orders (+ /complete, /cancel, /statuses, /invoices), /customers
(+ /addresses), /products, /products/variants, /categories (+ /tree).

Rotas de teste em /_sandbox (não existem na Tray):
- GET /info; GET|DELETE /emails; GET|DELETE /requests; GET|POST /clock {"advance_s": N}
- GET|POST|DELETE /falhas {"tipo": lento|429|500|desconectar|json_invalido, "quantidade": N,
  "prefixo": "/orders", "atraso_s": S, "metodo": "GET"}
- GET|POST /limites {"por_minuto": N, "por_dia": N, "zerar": true, "janela_s": S} (janela do limite por
  minuto; 60 s como na Tray, mais curta só para testes e bancadas)
- POST /orders (pedido no formato da semente; notifica order/insert), PUT /orders/{id} (notifica order/update);
  ambos aceitam {"validar": false} para gravar um pedido fora da identidade de valores
- GET|POST /imagens {"pausada": bool} (fila dos downloads de picture_source_N); GET /imagens/{product_id}
  [?aguardar=S] (imagens, registro com as recusadas e o motivo, pendentes); GET /arquivos/{sha256}.{ext}
- GET|POST /webhooks {"url", "duplicado"}
"""
from erp.sandbox.tray.app import criar_app_simulador
from erp.sandbox.tray.pedido_semente import ErroSemente
from erp.sandbox.tray.semente import carregar_semente, semente_minima
from erp.sandbox.tray.servidor import SimuladorTray, iniciar_em_thread

__all__ = ["criar_app_simulador", "iniciar_em_thread", "SimuladorTray", "carregar_semente", "semente_minima",
           "ErroSemente"]

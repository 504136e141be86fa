"""Leituras auxiliares da tela de pedidos sobre as respostas gravadas da Tray: status e nome/documento."""
from erp.pedidos.consultas_tray import lista_de_status, nome_e_documento
from tests.pedidos.ajuda import itens_da_lista, resposta_tray


def test_status_da_loja():
    status = lista_de_status(itens_da_lista(resposta_tray("status_de_pedido"), "OrderStatuses", "OrderStatus"))
    assert [s["nome"] for s in status] == ["AGUARDANDO PAGAMENTO", "A ENVIAR", "ENVIADO", "CANCELADO", "FINALIZADO"]
    assert status[-1] == {"id": "69", "nome": "FINALIZADO", "tipo": "closed", "descricao": ""}
    assert lista_de_status([{"id": "1", "status": "", "type": "open"}]) == []


def test_nome_e_documento_pf_e_pj():
    assert nome_e_documento(resposta_tray("cliente")["Customer"]) == ("Carla Nogueira", "52998224725")
    pj = resposta_tray("pedido_completo")["Order"]["Customer"]
    assert nome_e_documento(pj) == ("Ferragens Paulista Ltda", "11222333000181")

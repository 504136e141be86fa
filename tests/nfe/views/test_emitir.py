"""Tela Emitir pelo cliente de teste (com CSRF): vendas prontas, filtros e a geração em lote na fila."""
import re

from erp.extensions import db
from erp.nfe.models import NotaFiscal
from erp.tarefas import fila
from erp.tarefas.models import Tarefa
from tests.nfe.services import fabrica
from tests.util import csrf_de


def _gerar_pela_tela(cliente, *vendas):
    token = csrf_de(cliente.get("/nfe/emitir"))
    resposta = cliente.post("/nfe/emitir", data={"csrf_token": token, "vendas": [str(v.id) for v in vendas]})
    assert resposta.status_code == 302
    tarefa_id = int(re.search(r"tarefa=(\d+)", resposta.headers["Location"])[1])
    return tarefa_id, resposta.headers["Location"]


def test_emitir_lista_as_vendas_prontas_com_formatos_brasileiros(logado, empresa):
    venda = fabrica.venda(itens=[(fabrica.produto(), "1", "1234.56")])
    fabrica.venda(situacao="faturado", cliente_=fabrica.cliente(nome="Cliente Faturado"))

    html = logado.get("/nfe/emitir").get_data(as_text=True)

    assert f'value="{venda.id}"' in html
    assert "R$ 1.234,56" in html
    cpf = venda.cliente.cpf_cnpj
    assert f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}" in html
    assert "20/11/2026" in html
    assert "Cliente Faturado" not in html
    assert "Gerar e assinar selecionadas" in html


def test_filtros_da_tela_emitir(logado, empresa):
    fabrica.venda(cliente_=fabrica.cliente(nome="Ana Bahia", uf="BA"))
    fabrica.venda(cliente_=fabrica.cliente(nome="Bruno Paulista", uf="SP"))
    html = logado.get("/nfe/emitir?uf=BA").get_data(as_text=True)
    assert "Ana Bahia" in html and "Bruno Paulista" not in html
    html = logado.get("/nfe/emitir?busca=bruno").get_data(as_text=True)
    assert "Bruno Paulista" in html and "Ana Bahia" not in html


def test_busca_por_cpf_com_pontuacao(logado, empresa):
    venda = fabrica.venda(cliente_=fabrica.cliente(nome="Dora Documento"))
    fabrica.venda(cliente_=fabrica.cliente(nome="Outra Pessoa"))
    cpf = venda.cliente.cpf_cnpj
    html = logado.get(f"/nfe/emitir?busca={cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}").get_data(as_text=True)
    assert "Dora Documento" in html and "Outra Pessoa" not in html


def test_gerar_pela_tela_roda_na_fila_e_mostra_o_resultado(logado, empresa):
    boa = fabrica.venda()
    sem_ncm = fabrica.produto(nome="Vela aromática", ncm=None)
    ruim = fabrica.venda(itens=[(sem_ncm, "1", "10.00")])

    tarefa_id, destino = _gerar_pela_tela(logado, boa, ruim)
    pendente = logado.get(destino).get_data(as_text=True)
    assert f'id="tarefa-{tarefa_id}"' in pendente and "Na fila" in pendente

    fila.executar_pendentes()

    tarefa = db.session.get(Tarefa, tarefa_id)
    db.session.refresh(tarefa)
    assert (tarefa.situacao, tarefa.sucessos, tarefa.falhas) == ("concluida", 1, 1)
    html = logado.get(destino).get_data(as_text=True)
    assert "Assinada" in html and "Falhou" in html
    assert f'href="/produtos/{sem_ncm.id}' in html  # link para corrigir o cadastro
    nota = db.session.query(NotaFiscal).filter_by(venda_id=boa.id).one()
    assert nota.situacao == "assinada"
    # Com NF-e ativa, a venda sai da lista de pendentes e não pode ser marcada de novo.
    assert f'value="{boa.id}"' not in logado.get("/nfe/emitir").get_data(as_text=True)
    marcada = logado.get("/nfe/emitir?nfe=todas").get_data(as_text=True)
    assert re.search(rf'value="{boa.id}"\s+aria-label="[^"]*" disabled', marcada)


def test_post_sem_csrf_e_recusado(logado, empresa):
    venda = fabrica.venda()
    resposta = logado.post("/nfe/emitir", data={"vendas": [str(venda.id)]})
    assert resposta.status_code == 400
    assert db.session.query(Tarefa).count() == 0


def test_post_sem_vendas_selecionadas(logado, empresa):
    token = csrf_de(logado.get("/nfe/emitir"))
    resposta = logado.post("/nfe/emitir", data={"csrf_token": token}, follow_redirects=True)
    assert "Selecione ao menos uma venda." in resposta.get_data(as_text=True)


def test_sem_certificado_a_tela_avisa_e_a_tarefa_falha_com_o_motivo(logado, app):
    fabrica.empresa(com_certificado=False)
    venda = fabrica.venda()
    assert "Envie o certificado digital A1" in logado.get("/nfe/emitir").get_data(as_text=True)

    tarefa_id, destino = _gerar_pela_tela(logado, venda)
    fila.executar_pendentes()

    tarefa = db.session.get(Tarefa, tarefa_id)
    db.session.refresh(tarefa)
    assert tarefa.situacao == "falhou"
    assert "Envie o certificado digital A1 da empresa" in tarefa.mensagem
    assert "Envie o certificado digital A1 da empresa" in logado.get(destino).get_data(as_text=True)
    assert db.session.query(NotaFiscal).count() == 0


def test_tela_exige_login(client):
    assert client.get("/nfe/emitir").status_code == 302

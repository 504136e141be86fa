"""Tela Transmissão: transmitir as notas assinadas pela lista de notas e acompanhar na fila."""
from erp.extensions import db
from erp.nfe.models import NotaFiscal
from erp.tarefas import fila
from tests.nfe.apoio import assinar
from tests.nfe.services import fabrica
from tests.util import postar


def test_transmitir_pendentes_pela_lista_de_notas(logado, runner, empresa, sefaz_sim):
    notas = assinar(runner, fabrica.venda(), fabrica.venda())
    pagina = logado.get("/nfe/notas").get_data(as_text=True)
    assert 'id="transmitir-pendentes"' in pagina and pagina.count("transmitir-nota") == 2

    resposta = postar(logado, "/nfe/transmitir", {"pendentes": "1"}, pagina="/nfe/notas")

    assert resposta.status_code == 302 and "/nfe/transmissao/" in resposta.headers["Location"]
    assert fila.executar_pendentes() >= 1
    html = logado.get(resposta.headers["Location"]).get_data(as_text=True)
    assert "Transmissão de 2 NF-e à SEFAZ iniciada." in html
    assert html.count("Autorizada") == 2 and "2 NF-e autorizada(s), 0 não autorizada(s)." in html
    db.session.expire_all()
    assert {db.session.get(NotaFiscal, n.id).situacao for n in notas} == {"autorizada"}
    lista = logado.get("/nfe/notas").get_data(as_text=True)
    assert lista.count("baixar-danfe") == 2


def test_entrar_e_sair_da_contingencia_pela_tela(logado, runner, empresa, sefaz_sim):
    from erp.nfe.models import ContingenciaNFe
    from tests.util import csrf_de

    pagina = logado.get("/nfe/notas").get_data(as_text=True)
    assert 'id="entrar-contingencia"' in pagina and "Emissão normal (SP)" in pagina and "SVC-AN" in pagina

    resposta = postar(logado, "/nfe/contingencia/entrar", {"justificativa": "curta"}, pagina="/nfe/notas",
                      follow_redirects=True)
    assert "pelo menos 15 caracteres" in resposta.get_data(as_text=True)
    resposta = postar(logado, "/nfe/contingencia/entrar", {"justificativa": "SEFAZ SP fora do ar desde cedo"},
                      pagina="/nfe/notas", follow_redirects=True)

    html = resposta.get_data(as_text=True)
    assert 'id="contingencia-ativa"' in html and "Em contingência na SVC-AN" in html and "(tpEmis 6) desde" in html
    assert "SEFAZ SP fora do ar desde cedo" in html and 'id="sair-contingencia"' in html
    registro = db.session.query(ContingenciaNFe).one()
    from erp.comum.formatos import data_hora
    assert data_hora(registro.inicio) in html
    [nota] = assinar(runner, fabrica.venda())
    assert "Contingência SVC-AN (tpEmis 6)" in logado.get(f"/nfe/{nota.id}").get_data(as_text=True)

    html = postar(logado, "/nfe/contingencia/sair", pagina="/nfe/notas", follow_redirects=True).get_data(as_text=True)
    assert "Emissão normal de novo" in html and 'id="entrar-contingencia"' in html
    assert csrf_de(logado.get("/nfe/notas"))  # a página segue íntegra


def test_entrada_automatica_so_o_administrador_liga(client, runner, empresa):
    from erp.nfe.models import Empresa
    from erp.usuarios.services import criar_usuario
    from tests.util import SENHA_TESTE, entrar

    criar_usuario("operador@erp.local", SENHA_TESTE, admin=False, nome="Operador")
    entrar(client, "operador@erp.local", SENHA_TESTE)
    pagina = client.get("/nfe/notas").get_data(as_text=True)
    assert "Entrada automática: desligada" in pagina and 'id="alternar-automatica"' not in pagina
    resposta = postar(client, "/nfe/contingencia/automatica", {"ligar": "1"}, pagina="/nfe/notas")
    assert resposta.status_code == 403
    assert db.session.get(Empresa, empresa.id).contingencia_automatica is False

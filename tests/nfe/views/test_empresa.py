"""Tela Empresa: dados do emitente, certificado A1 e a tabela de alíquotas por UF."""
import io

from erp.extensions import db
from erp.nfe.models import AliquotaUF, Empresa
from erp.nfe.services import certificado
from tests.nfe.services import fabrica
from tests.util import csrf_de


def test_tela_da_empresa_salva_e_mostra_erros(logado):
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    token = csrf_de(html)
    dados = {**fabrica.dados_empresa(), "csrf_token": token, "ibs_cbs_ativo": "on"}
    dados["cnpj"] = "45.378.261/0001-88"

    resposta = logado.post("/nfe/empresa", data=dados, follow_redirects=True)

    assert "Dados da empresa salvos." in resposta.get_data(as_text=True)
    empresa = db.session.query(Empresa).one()
    assert empresa.cnpj == "45378261000188" and empresa.ibs_cbs_ativo and not empresa.ipi_ativo
    invalida = logado.post("/nfe/empresa", data={**dados, "cep": "123"})
    assert invalida.status_code == 422
    assert "O CEP tem 8 algarismos" in invalida.get_data(as_text=True)


def test_csrt_gravado_pela_tela_nao_volta_para_ela(logado):
    token = csrf_de(logado.get("/nfe/empresa").get_data(as_text=True))
    dados = {**fabrica.dados_empresa(), "csrf_token": token, "resp_cnpj": fabrica.CNPJ_MARKETPLACE,
             "resp_contato": "Suporte", "resp_email": "fiscal@example.com", "resp_fone": "1130304040",
             "csrt_id": "01", "csrt": "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO"}
    logado.post("/nfe/empresa", data=dados, follow_redirects=True)
    empresa = db.session.query(Empresa).one()
    assert (empresa.csrt_id, empresa.csrt) == ("01", "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO")
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    assert "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO" not in html
    logado.post("/nfe/empresa", data={**dados, "csrt": "", "razao_social": "Outra Razão Ltda"})  # vazio mantém
    db.session.refresh(empresa)
    assert empresa.csrt == "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO"
    sem_id = logado.post("/nfe/empresa", data={**dados, "csrt_id": ""})
    assert sem_id.status_code == 422
    assert "identificador do CSRT" in sem_id.get_data(as_text=True)


def test_envio_do_certificado_pela_tela(logado, app):
    empresa = fabrica.empresa(com_certificado=False)
    token = csrf_de(logado.get("/nfe/empresa"))

    def enviar(conteudo, senha):
        return logado.post("/nfe/empresa/certificado", content_type="multipart/form-data", follow_redirects=True,
                           data={"csrf_token": token, "senha": senha, "arquivo": (io.BytesIO(conteudo), "a1.pfx")})

    errada = enviar(fabrica.pfx(), "chute").get_data(as_text=True)
    assert "Certificado recusado: Senha do certificado digital incorreta." in errada
    outra_raiz = enviar(fabrica.pfx("11222333000181"), fabrica.SENHA).get_data(as_text=True)
    assert "raiz do CNPJ" in outra_raiz
    assert db.session.get(Empresa, empresa.id).certificado_pfx is None

    certa = enviar(fabrica.pfx(), fabrica.SENHA).get_data(as_text=True)
    db.session.refresh(empresa)
    assert "Certificado de EMPORIO PAULISTA:45378261000188 (45.378.261/0001-88) guardado." in certa
    assert empresa.certificado_valido_ate.strftime("%d/%m/%Y") in certa
    assert 'id="aviso-certificado"' not in certa


def test_tela_avisa_certificado_perto_de_vencer(logado, app):
    empresa = fabrica.empresa(com_certificado=False)
    certificado.salvar(empresa, fabrica.pfx(dias=20), fabrica.SENHA)
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    assert 'id="aviso-certificado"' in html
    assert "O certificado digital vence em 19 dias" in html


def test_tabela_de_aliquotas_por_uf_editavel(logado, app):
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    assert html.count('name="interna_') == 27
    token = csrf_de(html)
    resposta = logado.post("/nfe/empresa/aliquotas", follow_redirects=True,
                           data={"csrf_token": token, "interna_MG": "19,5", "fcp_MG": "2", "dupla_MG": "on"})
    assert "Tabela de alíquotas por UF salva." in resposta.get_data(as_text=True)
    mg = db.session.query(AliquotaUF).filter_by(uf="MG").one()
    assert (str(mg.aliquota_interna), str(mg.fcp), mg.difal_base_dupla) == ("19.50", "2.00", True)
    ruim = logado.post("/nfe/empresa/aliquotas", follow_redirects=True,
                       data={"csrf_token": token, "interna_MG": "150"}).get_data(as_text=True)
    assert "entre 0 e 100%" in ruim


def test_tela_exige_login(client):
    assert client.get("/nfe/empresa").status_code == 302


def test_campo_escapa_valor_e_atributos(app):
    modelo = app.jinja_env.from_string(
        '{% from "nfe/_campo.html" import campo %}'
        '{{ campo("razao_social", "Razão", valores, {}, attrs={"data-mascara": mascara, "maxlength": 60}) }}')
    html = modelo.render(valores={"razao_social": 'A "B" <i>'}, mascara='x" onfocus="alert(1)')
    assert 'value="A &#34;B&#34; &lt;i&gt;"' in html
    assert 'data-mascara="x&#34; onfocus=&#34;alert(1)"' in html and 'maxlength="60"' in html
    assert "<i>" not in html and 'onfocus="' not in html


def test_tela_da_empresa_diz_quando_nao_ha_tabela_do_ibpt_e_carrega_o_csv(logado, app):
    from pathlib import Path

    fabrica.empresa()
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    assert "Nenhuma tabela do IBPT carregada: as NF-e saem sem o valor aproximado dos tributos" in html
    arquivo = Path(__file__).resolve().parents[2] / "fixtures" / "ibpt" / "TabelaIBPTaxSP26.1.A.csv"
    resposta = logado.post("/nfe/empresa/ibpt", data={
        "csrf_token": csrf_de(html), "arquivo": (io.BytesIO(arquivo.read_bytes()), "tabela.csv")},
        content_type="multipart/form-data", follow_redirects=True)
    pagina = resposta.get_data(as_text=True)
    assert "Tabela do IBPT carregada: 4 linhas." in pagina
    assert "Tabela do IBPT 26.1.A (4 linhas), válida até 31/12/2099." in pagina
    ruim = logado.post("/nfe/empresa/ibpt", data={
        "csrf_token": csrf_de(pagina), "arquivo": (io.BytesIO(b"ncm,aliquota\n1,2\n"), "x.csv")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "Tabela do IBPT recusada: Cabeçalho fora do leiaute do IBPT" in ruim.get_data(as_text=True)


def test_tabela_de_aliquotas_mostra_vigencia_e_fonte_de_cada_uf(logado, app):
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    assert html.count('class="small text-muted fonte-aliquota"') == 27
    assert "Lei SP 6.374/1989 art. 34" in html and "01/01/2022" in html
    token = csrf_de(html)
    dados = {"csrf_token": token}
    for a in db.session.query(AliquotaUF):
        dados[f"interna_{a.uf}"] = str(a.aliquota_interna)
        dados[f"fcp_{a.uf}"] = str(a.fcp)
        if a.difal_base_dupla:
            dados[f"dupla_{a.uf}"] = "on"
    dados["interna_AC"] = "20"
    logado.post("/nfe/empresa/aliquotas", data=dados)
    ac = db.session.query(AliquotaUF).filter_by(uf="AC").one()
    sp = db.session.query(AliquotaUF).filter_by(uf="SP").one()
    assert ac.fonte == "informada pela empresa" and sp.fonte == "Lei SP 6.374/1989 art. 34"


def test_modo_do_ibs_cbs_e_padroes_da_empresa_pela_tela(logado):
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    dados = {**fabrica.dados_empresa(crt=3), "csrf_token": csrf_de(html), "ibs_cbs_modo": "nunca",
             "cst_ibs_cbs_padrao": "200", "cclass_trib_padrao": "200003"}
    logado.post("/nfe/empresa", data=dados, follow_redirects=True)
    empresa = db.session.query(Empresa).one()
    assert (empresa.ibs_cbs_modo, empresa.cst_ibs_cbs_padrao, empresa.cclass_trib_padrao) == ("nunca", "200", "200003")
    invalida = logado.post("/nfe/empresa", data={**dados, "cclass_trib_padrao": "12"})
    assert invalida.status_code == 422 and "O cClassTrib tem 6 algarismos" in invalida.get_data(as_text=True)


def test_tela_emitir_avisa_que_sem_tabela_do_ibpt_as_notas_saem_sem_vtottrib(logado, app):
    from pathlib import Path

    from erp.nfe.services import ibpt

    fabrica.empresa()
    html = logado.get("/nfe/emitir").get_data(as_text=True)
    assert 'id="aviso-ibpt"' in html and "sem o valor aproximado dos tributos" in html
    arquivo = Path(__file__).resolve().parents[2] / "fixtures" / "ibpt" / "TabelaIBPTaxSP26.1.A.csv"
    ibpt.carregar(arquivo.read_bytes(), "SP")
    assert 'id="aviso-ibpt"' not in logado.get("/nfe/emitir").get_data(as_text=True)

"""Vazão de emissão de NF-e (montar + validar no XSD + assinar) em um núcleo, comparada com a PyNFe
fazendo o mesmo trabalho e com o piso (só a assinatura RSA-SHA1 e a validação XSD de cada documento).

    .venv/bin/python bench/nfe_emissao.py --n 500

Os tempos são de CPU do processo (time.process_time), com o coletor de ciclos desligado durante a
medição, como faz o timeit, e em blocos de 100 notas: cada etapa roda seguida para o bloco inteiro, nas
três medições. Justiça da comparação: a PyNFe não calcula tributos, então
recebe os valores já calculados pelo nosso motor (fora do cronômetro), carrega a chave uma vez só e
valida com o mesmo XSD já carregado. O piso recebe os documentos já montados e mede, por documento, só
o inevitável: canonicalizar o infNFe (C14N), assiná-lo (RSA-SHA1) e validar o documento no XSD.
"""
import argparse
import gc
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15  # noqa: E402
from lxml import etree  # noqa: E402

from erp.comum.documentos import dv_cnpj, dv_cpf  # noqa: E402
from erp.nfe.fiscal import (  # noqa: E402
    Assinador, Cartao, Destinatario, Emitente, Endereco, Intermediador, Item, DocumentoNFe, Pagamento,
    ResponsavelTecnico, Tributacao, calcular, carregar_certificado, gerar_lote,
)
from erp.nfe.fiscal.xsd import caminho_xsd_nfe, schema_nfe  # noqa: E402
from erp.sandbox.certificado import gerar_certificado_teste  # noqa: E402

SENHA = "bench"
FUSO = timezone(timedelta(hours=-3))
CIDADES = [  # UF, IBGE, município, CEP
    ("SP", "3550308", "São Paulo", "01310100"), ("SP", "3509502", "Campinas", "13010000"),
    ("RJ", "3304557", "Rio de Janeiro", "20040002"), ("MG", "3106200", "Belo Horizonte", "30130010"),
    ("PR", "4106902", "Curitiba", "80010000"), ("RS", "4314902", "Porto Alegre", "90010000"),
    ("BA", "2927408", "Salvador", "40020000"), ("PE", "2611606", "Recife", "50010000"),
    ("CE", "2304400", "Fortaleza", "60010000"), ("GO", "5208707", "Goiânia", "74010000"),
    ("DF", "5300108", "Brasília", "70040010"), ("AM", "1302603", "Manaus", "69010000"),
]
NOMES = ["Ana Paula Conceição", "João D'Ávila", "Márcia & Filhos", "José <Zé> Araújo", "Luís Gonçalves",
         "Beatriz Müller", "Carlos Eduardo Simões", "Fernanda Brandão"]


def _gtin(base12: str) -> str:
    soma = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(base12))
    return base12 + str((10 - soma % 10) % 10)


def _catalogo(rnd):
    produtos = []
    for i in range(40):
        st = i % 7 == 0
        produtos.append(dict(
            codigo=f"SKU-{i:04d}", descricao=f"Produto nº {i} – edição \"especial\" ação & cia",
            ncm=rnd.choice(["21069090", "09012100", "61091000", "85171231", "33049990", "64039990"]),
            valor_unitario=D(rnd.randint(990, 49990)) / 100, gtin=_gtin(f"789{i:09d}") if i % 3 else "",
            origem=rnd.choice([0, 0, 0, 2]), cest="1703100" if st else "",
            tributacao=Tributacao(substituicao_tributaria=st)))
    return produtos


def gerar_notas(n: int, semente: int = 2026):
    rnd = random.Random(semente)
    emitente = Emitente(
        razao_social="Loja Virtual Exemplo Comércio Eletrônico Ltda", cnpj="112223330001" + dv_cnpj("112223330001"),
        ie="111222333444", crt=3, endereco=Endereco("Avenida Paulista", "1000", "Bela Vista", "3550308",
                                                    "São Paulo", "SP", "01310100", "Conjunto 42"),
        nome_fantasia="Loja Exemplo", fone="1133334444", im="12345", cnae="4789099")
    resp = ResponsavelTecnico("556667770001" + dv_cnpj("556667770001"), "Equipe Fiscal", "fiscal@erp.example",
                              "1140028922")
    catalogo = _catalogo(rnd)
    notas = []
    for numero in range(1, n + 1):
        uf, ibge, cidade, cep = rnd.choice(CIDADES)
        end = Endereco(f"Rua {rnd.randint(1, 300)} de Março", str(rnd.randint(1, 2000)), "Centro", ibge, cidade,
                       uf, cep)
        if rnd.random() < 0.8:
            base = f"{rnd.randint(100000000, 999999999)}"
            dest = Destinatario(rnd.choice(NOMES), base + dv_cpf(base), end, email="cliente@example.com")
        else:
            base = f"{rnd.randint(10000000, 99999999)}0001"
            dest = Destinatario("Comércio Exemplo S/A", base + dv_cnpj(base), end,
                                ie=str(rnd.randint(10**9, 10**10)), email="compras@example.com")
        itens = tuple(Item(quantidade=D(rnd.choice([1, 1, 1, 2, 3])), **p)
                      for p in rnd.sample(catalogo, rnd.choice([1, 1, 2, 2, 3, 4, 5])))
        frete = rnd.choice([D(0), D("9.90"), D("19.90"), D("34.57")])
        desconto = rnd.choice([D(0), D(0), D("5.00"), D("12.34")])
        bruto = sum(i.quantidade * i.valor_unitario for i in itens) + frete - desconto
        forma = rnd.choice(["17", "03", "15"])
        pagamento = Pagamento(forma, bruto, cartao=Cartao(1, bandeira="02", autorizacao="A1B2C3") if forma == "03"
                              else None)
        notas.append(DocumentoNFe(
            emitente=emitente, destinatario=dest, itens=itens, serie=1, numero=numero,
            data_emissao=datetime(2026, 3, 10, 9, 0, tzinfo=FUSO) + timedelta(minutes=numero),
            codigo_numerico=f"{rnd.randint(10**7, 10**8 - 1)}", frete=frete, desconto=desconto,
            pagamentos=(pagamento,), responsavel_tecnico=resp,
            intermediador=Intermediador("998887770001" + dv_cnpj("998887770001"), "loja-exemplo")
            if rnd.random() < 0.3 else None,
            informacoes_complementares="Pedido da loja virtual; obrigado pela preferência!"))
    return notas


BLOCO = 100


class sem_coletor:
    """Como o timeit: coleta antes e desliga o coletor de ciclos durante a medição."""

    def __enter__(self):
        gc.collect()
        gc.disable()

    def __exit__(self, *erro):
        gc.enable()


def medir_nosso(notas, assinador):
    xmls = []
    with sem_coletor():
        inicio = time.process_time()
        for resultado in gerar_lote(notas, assinador):
            xmls.append(resultado.gerada.xml)
        return time.process_time() - inicio, xmls


def medir_piso(xmls, chave_privada):
    """Por documento: C14N do infNFe + RSA-SHA1 dele + validação XSD do documento pronto."""
    tempos = [0.0, 0.0, 0.0]
    with sem_coletor():
        for inicio in range(0, len(xmls), BLOCO):
            _piso_bloco(xmls[inicio:inicio + BLOCO], chave_privada, tempos)
    return tuple(tempos)


def _piso_bloco(xmls, chave_privada, tempos):
    schema, padding, sha1 = schema_nfe(), PKCS1v15(), hashes.SHA1()
    docs = [etree.fromstring(x) for x in xmls]
    infs = [etree.fromstring(etree.tostring(d[0])) for d in docs]  # infNFe como raiz (ver assinatura.py)
    t0 = time.process_time()
    canonicos = [etree.tostring(i, method="c14n") for i in infs]
    t1 = time.process_time()
    for canonico in canonicos:
        chave_privada.sign(canonico, padding, sha1)
    t2 = time.process_time()
    validos = [schema.validate(d) for d in docs]
    t3 = time.process_time()
    assert all(validos)
    tempos[0] += t1 - t0
    tempos[1] += t2 - t1
    tempos[2] += t3 - t2


def _pynfe_entradas(nota, emitente_pynfe):
    """Argumentos da PyNFe com os tributos do nosso motor (calculados fora do cronômetro)."""
    calc = calcular(nota)
    d = nota.destinatario
    cliente = dict(razao_social=d.nome, tipo_documento="CPF" if len(d.cpf_cnpj) == 11 else "CNPJ",
                   email=d.email, numero_documento=d.cpf_cnpj, indicador_ie=calc.ind_ie_dest,
                   inscricao_estadual=d.ie, endereco_logradouro=d.endereco.logradouro,
                   endereco_numero=d.endereco.numero, endereco_bairro=d.endereco.bairro,
                   endereco_municipio=d.endereco.municipio, endereco_uf=d.endereco.uf,
                   endereco_cep=d.endereco.cep, endereco_pais="1058")
    produtos = []
    for i in calc.itens:
        produtos.append(dict(
            codigo=i.item.codigo, descricao=i.item.descricao, ncm=i.item.ncm, cest=i.item.cest or None,
            ean=i.item.gtin or "SEM GTIN", ean_tributavel=i.item.gtin or "SEM GTIN", cfop=i.cfop,
            unidade_comercial="UN", unidade_tributavel="UN", quantidade_comercial=i.item.quantidade,
            quantidade_tributavel=i.item.quantidade, valor_unitario_comercial=i.item.valor_unitario,
            valor_unitario_tributavel=i.item.valor_unitario, valor_total_bruto=i.valor_produto,
            total_frete=i.frete, desconto=i.desconto, ind_total=1, icms_modalidade=i.icms.cst, icms_origem=i.item.origem,
            icms_csosn="", icms_valor_base_calculo=i.icms.base, icms_aliquota=i.icms.aliquota, icms_valor=i.icms.valor,
            pis_modalidade=i.pis.cst, pis_valor_base_calculo=i.pis.base, pis_aliquota_percentual=i.pis.aliquota,
            pis_valor=i.pis.valor, cofins_modalidade=i.cofins.cst, cofins_valor_base_calculo=i.cofins.base,
            cofins_aliquota_percentual=i.cofins.aliquota, cofins_valor=i.cofins.valor, valor_tributos_aprox=None))
    pagamentos = [dict(t_pag=p.forma, v_pag=p.valor, tp_integra="1" if p.forma == "03" else "",
                       t_band=2 if p.forma == "03" else "", c_aut="A1B2C3" if p.forma == "03" else "")
                  for p in nota.pagamentos]
    return dict(nota=nota, calc=calc, cliente=cliente, produtos=produtos, pagamentos=pagamentos)


def medir_pynfe(notas, caminho_pfx, emitente):
    from pynfe.entidades.cliente import Cliente
    from pynfe.entidades.emitente import Emitente as EmitentePyNFe
    from pynfe.entidades.fonte_dados import _fonte_dados
    from pynfe.entidades.notafiscal import NotaFiscal as NotaPyNFe
    from pynfe.processamento.assinatura import AssinaturaA1
    from pynfe.processamento.serializacao import SerializacaoXML

    a1 = AssinaturaA1(caminho_pfx, SENHA)  # chave carregada uma vez (a favor da PyNFe)
    schema = schema_nfe()
    e = emitente
    dados_emitente = dict(
        razao_social=e.razao_social, nome_fantasia=e.nome_fantasia, cnpj=e.cnpj, codigo_de_regime_tributario=str(e.crt),
        inscricao_estadual=e.ie, inscricao_municipal=e.im, cnae_fiscal=e.cnae,
        endereco_logradouro=e.endereco.logradouro, endereco_numero=e.endereco.numero,
        endereco_bairro=e.endereco.bairro, endereco_municipio=e.endereco.municipio, endereco_uf=e.endereco.uf,
        endereco_cep=e.endereco.cep, endereco_pais="1058", endereco_telefone=e.fone)
    entradas = [_pynfe_entradas(n, dados_emitente) for n in notas]
    validos = 0
    with sem_coletor():
        inicio = time.process_time()
        for bloco in range(0, len(entradas), BLOCO):
            montados = [_montar_pynfe(ent, dados_emitente, e, EmitentePyNFe, Cliente, NotaPyNFe,
                                      SerializacaoXML, _fonte_dados) for ent in entradas[bloco:bloco + BLOCO]]
            assinados = [a1.assinar(x) for x in montados]
            validos += sum(schema.validate(x) for x in assinados)
        return time.process_time() - inicio, validos


def _montar_pynfe(ent, dados_emitente, e, EmitentePyNFe, Cliente, NotaPyNFe, SerializacaoXML, fonte_dados):
    nota, calc = ent["nota"], ent["calc"]
    nf = NotaPyNFe(
        emitente=EmitentePyNFe(**dados_emitente), cliente=Cliente(**ent["cliente"]), uf=e.endereco.uf,
        natureza_operacao=nota.natureza_operacao, forma_pagamento=0, tipo_pagamento=1, modelo=55,
        serie=str(nota.serie), numero_nf=str(nota.numero), codigo_numerico_aleatorio=nota.codigo_numerico,
        data_emissao=nota.data_emissao, data_saida_entrada=nota.data_emissao, tipo_documento=1,
        municipio=e.endereco.codigo_municipio, tipo_impressao_danfe=1, forma_emissao="1",
        cliente_final=calc.consumidor_final, indicador_destino=calc.id_destino, indicador_presencial=2,
        indicador_intermediador=1 if nota.intermediador else 0, finalidade_emissao="1", processo_emissao="0",
        transporte_modalidade_frete=9,
        informacoes_complementares_interesse_contribuinte=nota.informacoes_complementares)
    for p in ent["produtos"]:
        nf.adicionar_produto_servico(**p)
    for p in ent["pagamentos"]:
        nf.adicionar_pagamento(**p)
    r = nota.responsavel_tecnico
    nf.adicionar_responsavel_tecnico(cnpj=r.cnpj, contato=r.contato, email=r.email, fone=r.fone)
    return SerializacaoXML(fonte_dados, homologacao=True).exportar()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="quantidade de NF-e")
    args = parser.parse_args()
    n = args.n
    notas = gerar_notas(n)
    pfx = gerar_certificado_teste(notas[0].emitente.cnpj, SENHA, "LOJA VIRTUAL EXEMPLO")
    certificado = carregar_certificado(pfx, SENHA)
    assinador = Assinador(certificado)
    schema_nfe()
    gerar_lote(notas[:min(20, n)], assinador)  # aquecimento (esquema, caches de texto)
    itens = sum(len(x.itens) for x in notas)
    print(f"{n} NF-e, {itens} itens ({itens / n:.1f} por nota); XSD: {caminho_xsd_nfe()}")

    t_nosso, xmls = medir_nosso(notas, assinador)
    print(f"nosso: {t_nosso * 1e3 / n:.3f} ms/NF-e (montar + validar XSD + assinar); "
          f"{sum(map(len, xmls)) / n / 1024:.1f} KiB por XML")
    t_c14n, t_rsa, t_xsd = medir_piso(xmls, certificado.chave_privada)
    t_piso = t_c14n + t_rsa + t_xsd
    print(f"piso: {t_piso * 1e3 / n:.3f} ms/NF-e (C14N {t_c14n * 1e3 / n:.3f} + RSA-SHA1 {t_rsa * 1e3 / n:.3f} "
          f"+ XSD {t_xsd * 1e3 / n:.3f} ms)")
    with tempfile.TemporaryDirectory() as pasta:
        caminho = Path(pasta, "a1.pfx")
        caminho.write_bytes(pfx)
        t_pynfe, validos = medir_pynfe(notas, str(caminho), notas[0].emitente)
    print(f"PyNFe: {t_pynfe * 1e3 / n:.3f} ms/NF-e; {validos}/{n} passam no XSD do nfelib "
          f"(sem infIntermed nem IBS/CBS; assina pelo signxml)")
    nosso, pynfe, piso = n / t_nosso, n / t_pynfe, n / t_piso
    print(f"razões: {nosso / pynfe:.1f}x a PyNFe; {piso / nosso:.2f}x o tempo do piso")
    print(f"NF-e/s: {nosso:.1f}; PyNFe no mesmo trabalho: {pynfe:.1f} NF-e/s; "
          f"piso (assinatura RSA + validação XSD): {piso:.1f} NF-e/s")


if __name__ == "__main__":
    main()

"""A tabela dos cStat da SEFAZ, num lugar só: o que cada código significa, o que o produto faz com ele e, em
português simples, a causa e como resolver (MOC 7.0, Anexo I; ../shared/nfe.md §5).

`CSTAT[codigo]` → `Codigo(significado, acao, texto)`. As faixas (ex.: 280–286, certificado da conexão) estão
em `_FAIXAS`. Quem lê um retorno pergunta `acao(cstat)`; quem mostra ao usuário, `descrever(cstat, xMotivo)`.
"""
import enum
from dataclasses import dataclass


class Acao(enum.StrEnum):
    AUTORIZADA = "autorizada"  # a nota vale: guardar o protocolo
    DENEGADA = "denegada"  # o número foi consumido e a nota não vale
    CANCELADA = "cancelada"  # a nota consta cancelada
    LOTE_RECEBIDO = "lote_recebido"  # consultar o recibo depois
    EM_PROCESSAMENTO = "em_processamento"  # consultar de novo depois
    SERVICO_EM_OPERACAO = "servico_em_operacao"
    EVENTO_REGISTRADO = "evento_registrado"
    INUTILIZADO = "inutilizado"
    CONSULTAR = "consultar"  # a SEFAZ já tem algo: consultar antes de qualquer coisa
    REPETIR_DEPOIS = "repetir_depois"  # fora do ar ou consumo indevido: esperar e tentar de novo
    NAO_CONSTA = "nao_consta"
    REJEITADA = "rejeitada"  # corrigir o que o texto diz e gerar de novo


@dataclass(frozen=True)
class Codigo:
    significado: str
    acao: Acao
    texto: str = ""


# Códigos que não são rejeição (ou que pedem um caminho próprio), com o significado do MOC.
_SIGNIFICADOS = {
    100: ("Autorizado o uso da NF-e", Acao.AUTORIZADA),
    101: ("Cancelamento de NF-e homologado", Acao.CANCELADA),
    102: ("Inutilização de número homologado", Acao.INUTILIZADO),
    103: ("Lote recebido com sucesso", Acao.LOTE_RECEBIDO),
    104: ("Lote processado", Acao.LOTE_RECEBIDO),
    105: ("Lote em processamento", Acao.EM_PROCESSAMENTO),
    107: ("Serviço em operação", Acao.SERVICO_EM_OPERACAO),
    108: ("Serviço paralisado momentaneamente", Acao.REPETIR_DEPOIS),
    109: ("Serviço paralisado sem previsão", Acao.REPETIR_DEPOIS),
    110: ("Uso denegado", Acao.DENEGADA),
    135: ("Evento registrado e vinculado a NF-e", Acao.EVENTO_REGISTRADO),
    136: ("Evento registrado, mas não vinculado a NF-e", Acao.EVENTO_REGISTRADO),
    150: ("Autorizado o uso da NF-e, autorização fora de prazo", Acao.AUTORIZADA),
    155: ("Cancelamento homologado fora de prazo", Acao.EVENTO_REGISTRADO),
    204: ("Duplicidade de NF-e", Acao.CONSULTAR),
    217: ("NF-e não consta na base de dados da SEFAZ", Acao.NAO_CONSTA),
    301: ("Uso denegado: irregularidade fiscal do emitente", Acao.DENEGADA),
    302: ("Uso denegado: irregularidade fiscal do destinatário", Acao.DENEGADA),
    303: ("Uso denegado: destinatário não habilitado a operar na UF", Acao.DENEGADA),
    539: ("Duplicidade de NF-e com diferença na chave de acesso", Acao.CONSULTAR),
    656: ("Consumo indevido", Acao.REPETIR_DEPOIS),
    999: ("Erro não catalogado", Acao.REPETIR_DEPOIS),
}

_TEXTOS = {
    108: "A SEFAZ está fora do ar por pouco tempo. Tente transmitir de novo em alguns minutos.",
    109: "A SEFAZ está fora do ar sem previsão de volta. Tente mais tarde ou use a contingência (SVC).",
    110: "Uso denegado: o número foi consumido e a nota não vale. Há problema no cadastro do emitente ou do "
         "cliente na SEFAZ; fale com o contador.",
    204: "Este número já está autorizado na SEFAZ com esta mesma chave. Consulte a nota (não envie de novo).",
    205: "Esta NF-e foi denegada na SEFAZ; o número está consumido.",
    206: "Este número foi inutilizado na SEFAZ. Gere a nota de novo; ela receberá o próximo número.",
    207: "O CNPJ da empresa é inválido. Confira o cadastro em NF-e → Empresa.",
    209: "A inscrição estadual da empresa é inválida. Confira o cadastro em NF-e → Empresa.",
    213: "O certificado digital A1 pertence a outra empresa (a raiz do CNPJ é diferente). Envie o "
         "certificado da empresa em NF-e → Empresa.",
    215: "Algum campo da nota está mal formado (tamanho, casas decimais, campo vazio ou caractere "
         "inválido). Corrija o cadastro e gere a nota de novo.",
    217: "A SEFAZ não tem esta nota: ela nunca foi recebida ou foi rejeitada.",
    218: "A nota já está cancelada na SEFAZ; não há mais nada a fazer.",
    222: "O protocolo informado no cancelamento não é o da autorização. Consulte a nota e tente de novo.",
    225: "O lote não passou no esquema da SEFAZ (espaços ou quebras de linha entre as tags, caracteres "
         "inválidos ou versão errada). É um erro interno: avise o suporte.",
    226: "A nota foi enviada ao web service de outro estado.",
    228: "A data de emissão é antiga demais. Gere a nota de novo com a data de hoje.",
    230: "A inscrição estadual da empresa não está cadastrada na SEFAZ.",
    231: "A inscrição estadual da empresa não está vinculada ao CNPJ na SEFAZ.",
    232: "Falta a inscrição estadual do cliente. Confira o cadastro do cliente (IE e indicador de IE).",
    233: "A inscrição estadual do cliente não está cadastrada na SEFAZ. Confira o cadastro do cliente.",
    234: "A inscrição estadual do cliente não está vinculada ao CNPJ dele. Confira o cadastro do cliente.",
    236: "O dígito verificador da chave de acesso está errado. É um erro interno: avise o suporte.",
    237: "O CPF do cliente é inválido. Corrija o cadastro do cliente.",
    239: "A versão do XML não é aceita: o sistema precisa ser atualizado.",
    252: "O ambiente da nota (homologação ou produção) não é o do endereço da SEFAZ usado. Confira o "
         "ambiente em NF-e → Empresa.",
    290: "O certificado usado na assinatura é inválido. Envie um certificado A1 válido.",
    291: "O certificado usado na assinatura está vencido ou ainda não vale. Renove o certificado A1.",
    292: "O certificado usado na assinatura não traz o CNPJ (não é um e-CNPJ). Envie o A1 da empresa.",
    297: "A assinatura não confere com o conteúdo: o XML foi alterado depois de assinado. Gere a nota de novo.",
    298: "A assinatura não segue o padrão exigido pela SEFAZ. É um erro interno: avise o suporte.",
    301: "Uso denegado por irregularidade fiscal da empresa; o número foi consumido. Fale com o contador.",
    302: "Uso denegado por irregularidade fiscal do cliente; o número foi consumido. Fale com o contador.",
    402: "O XML não está em UTF-8. É um erro interno: avise o suporte.",
    404: "A assinatura usa prefixo de namespace, o que a SEFAZ não aceita. É um erro interno: avise o suporte.",
    434: "Falta o indicador de intermediador (venda pela internet). Confira o marketplace da venda.",
    435: "O indicador de intermediador não cabe nesta venda presencial. Confira o marketplace da venda.",
    452: "Lote de uma nota só deve ser enviado no modo síncrono. É um erro interno: avise o suporte.",
    453: "O ano da inutilização não pode ser posterior ao ano atual.",
    494: "A SEFAZ não tem nota com esta chave de acesso.",
    501: "O prazo de cancelamento (24 horas após a autorização) acabou. Use o cancelamento extemporâneo "
         "da sua UF ou emita uma nota de devolução.",
    502: "A chave de acesso não corresponde aos campos da nota. É um erro interno: avise o suporte.",
    539: "Já existe na SEFAZ uma nota com esta série e número, mas com outra chave (um envio anterior "
         "com outro código numérico). Consulte a chave existente antes de fazer qualquer coisa.",
    564: "O total dos produtos não bate com a soma dos itens. É um erro interno: avise o suporte.",
    573: "Este evento já foi registrado na SEFAZ.",
    574: "Só a empresa emitente pode registrar este evento.",
    577: "A data do evento é anterior à emissão da nota. Confira o relógio do servidor.",
    578: "A data do evento é posterior ao horário da SEFAZ. Confira o relógio do servidor.",
    580: "Só se cancela ou corrige uma nota autorizada.",
    590: "Empresa do Simples Nacional deve usar CSOSN, não CST. Confira a tributação em NF-e → Empresa.",
    598: "Em homologação, o nome do destinatário tem de ser “NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - "
         "SEM VALOR FISCAL”. Gere a nota de novo.",
    610: "O total da nota não bate com a soma dos valores que o compõem. É um erro interno: avise o suporte.",
    611: "O código de barras (GTIN/EAN) do produto é inválido. Corrija o produto ou use “SEM GTIN”.",
    612: "O código de barras tributável (GTIN/EAN) do produto é inválido. Corrija o produto.",
    629: "O valor do produto não é quantidade × preço unitário. Confira o arredondamento dos itens.",
    630: "O valor do produto não é quantidade × preço unitário tributável. Confira os itens.",
    703: "A data de emissão está no futuro em relação à SEFAZ. Confira o relógio do servidor.",
    719: "Falta a identificação do cliente (CPF/CNPJ). Complete o cadastro do cliente.",
    721: "Venda para outro estado exige CPF ou CNPJ do cliente. Complete o cadastro do cliente.",
    724: "Falta o nome do cliente. Complete o cadastro do cliente.",
    726: "Falta o endereço do cliente. Complete o cadastro do cliente.",
    732: "CFOP de operação interestadual com destino na mesma UF (ou o contrário). Confira o endereço do cliente.",
    733: "CFOP de operação interna com destino em outra UF. Confira o endereço do cliente.",
    764: "Envio síncrono só aceita uma nota por lote. É um erro interno: avise o suporte.",
    778: "O NCM do produto não existe. Corrija o NCM no cadastro do produto.",
    806: "O produto exige o CEST. Preencha o CEST no cadastro do produto.",
}
_FAIXAS = {range(280, 287): "Há um problema com o certificado digital usado na conexão (inválido, vencido, "
                            "sem CNPJ, fora da cadeia ICP-Brasil ou revogado). Renove ou troque o A1."}


_TEXTOS.setdefault(656, "A SEFAZ bloqueou as consultas deste CNPJ por excesso de pedidos repetidos. Espere uma "
                        "hora antes de consultar de novo.")
_TEXTOS.setdefault(303, "Uso denegado: o cliente não está habilitado a operar na UF; o número foi consumido. Fale com "
                        "o contador.")
_TEXTOS.setdefault(999, "Erro inesperado na SEFAZ. Tente de novo em alguns minutos.")

CSTAT: dict[int, Codigo] = {
    codigo: Codigo(*_SIGNIFICADOS.get(codigo, ("Rejeição", Acao.REJEITADA)), _TEXTOS.get(codigo, ""))
    for codigo in sorted(set(_SIGNIFICADOS) | set(_TEXTOS))
}


def acao(cstat: int) -> Acao:
    """O que o produto faz com o código; um código fora da tabela é uma rejeição."""
    registro = CSTAT.get(cstat)
    return registro.acao if registro is not None else Acao.REJEITADA


def codigos(acao_procurada: Acao) -> tuple[int, ...]:
    return tuple(c for c, r in CSTAT.items() if r.acao == acao_procurada)


def explicar(cstat: int) -> str:
    registro = CSTAT.get(cstat)
    if registro is not None and registro.texto:
        return registro.texto
    for faixa, texto in _FAIXAS.items():
        if cstat in faixa:
            return texto
    return ""


def descrever(cstat: int, motivo: str) -> str:
    """'Rejeição 539 — <xMotivo>. <o que fazer>' para gravar em NotaFiscal.motivo e mostrar na tela."""
    motivo = (motivo or "").strip()
    texto = f"SEFAZ {cstat}: {motivo}"
    explicacao = explicar(cstat)
    return f"{texto} — {explicacao}" if explicacao else texto

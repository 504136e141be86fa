"""A tabela dos cStat da SEFAZ, num lugar só (MOC 7.0, Anexo I — tabela de códigos de erros e descrições).

Cada linha diz o que o código significa, o que o produto faz com ele (`Acao`) e, em português simples, a causa e
como resolver. Quem lê um retorno pergunta `acao(cstat)` (e `consome_numero`, `rejeita_notas_do_lote`); quem
mostra ao usuário, `descrever(cstat, xMotivo)`. Nenhum outro arquivo do produto guarda números de cStat.
"""
import enum
from dataclasses import dataclass


class Acao(enum.StrEnum):
    """O que o produto faz quando recebe o código."""

    AUTORIZADA = "autorizada"  # a nota vale: guardar o protocolo (nfeProc)
    DENEGADA = "denegada"  # a nota não vale e o número foi consumido: guardar o protocolo
    CANCELADA = "cancelada"  # a nota consta cancelada: trazer o evento de cancelamento
    LOTE_RECEBIDO = "lote_recebido"  # consultar o recibo depois
    LOTE_PROCESSADO = "lote_processado"  # ler o resultado de cada nota / evento do lote
    EM_PROCESSAMENTO = "em_processamento"  # consultar o recibo de novo depois
    SERVICO_EM_OPERACAO = "servico_em_operacao"
    EVENTO_REGISTRADO = "evento_registrado"  # guardar o procEventoNFe
    INUTILIZADO = "inutilizado"  # guardar o procInutNFe
    DUPLICIDADE = "duplicidade"  # um envio anterior (sem resposta) já foi atendido: consultar e guardar o que há lá
    OUTRA_CHAVE = "outra_chave"  # o número já tem NF-e com outra chave (no xMotivo): consultá-la e conciliar
    CONSULTAR = "consultar"  # o lote não foi achado: consultar a nota pela chave
    NAO_CONSTA = "nao_consta"  # a SEFAZ não tem a nota: ela volta a assinada e pode ir de novo
    REPETIR_DEPOIS = "repetir_depois"  # fora do ar ou consumo indevido: esperar e tentar de novo
    REJEITADA = "rejeitada"  # corrigir o que o texto diz e gerar de novo


@dataclass(frozen=True)
class Codigo:
    codigo: int
    significado: str  # a descrição do MOC
    acao: Acao
    texto: str  # causa e como resolver, para o usuário
    consome_numero: bool = False  # o número já está usado na SEFAZ: não vai para a inutilização
    rejeita_notas_do_lote: bool = False  # recusado o lote inteiro, a culpa é do XML das notas: cada uma é rejeitada
    servico_parado: bool = False  # o autorizador está fora do ar: conta para a contingência (SVC)
    espera: str = ""  # "consumo_indevido" (não chamar o serviço por uma hora) ou "recuo" (esperar e repetir)


_A = Acao
_SUPORTE = "É um erro interno: avise o suporte."
_CERTIFICADO_CONEXAO = ("Há um problema com o certificado digital usado na conexão (inválido, vencido, sem CNPJ, "
                        "fora da cadeia ICP-Brasil ou revogado). Renove ou troque o A1.")

TABELA: tuple[Codigo, ...] = (
    Codigo(100, "Autorizado o uso da NF-e", _A.AUTORIZADA, "A nota foi autorizada e já vale."),
    Codigo(101, "Cancelamento de NF-e homologado", _A.CANCELADA, "A nota está cancelada na SEFAZ."),
    Codigo(102, "Inutilização de número homologado", _A.INUTILIZADO, "O número foi inutilizado na SEFAZ."),
    Codigo(103, "Lote recebido com sucesso", _A.LOTE_RECEBIDO,
           "A SEFAZ recebeu o lote; o resultado sai na consulta do recibo."),
    Codigo(104, "Lote processado", _A.LOTE_PROCESSADO, "A SEFAZ processou o lote; veja o resultado de cada nota."),
    Codigo(105, "Lote em processamento", _A.EM_PROCESSAMENTO,
           "A SEFAZ ainda está processando o lote. A situação será conferida por consulta."),
    Codigo(106, "Lote não localizado", _A.CONSULTAR,
           "A SEFAZ não achou o lote pelo recibo; a nota é consultada pela chave de acesso."),
    Codigo(107, "Serviço em operação", _A.SERVICO_EM_OPERACAO, "A SEFAZ está no ar."),
    Codigo(108, "Serviço paralisado momentaneamente (curto prazo)", _A.REPETIR_DEPOIS,
           "A SEFAZ está fora do ar por pouco tempo. Tente transmitir de novo em alguns minutos.",
           servico_parado=True),
    Codigo(109, "Serviço paralisado sem previsão", _A.REPETIR_DEPOIS,
           "A SEFAZ está fora do ar sem previsão de volta. Tente mais tarde ou use a contingência (SVC).",
           servico_parado=True),
    Codigo(110, "Uso denegado", _A.DENEGADA,
           "Uso denegado: o número foi consumido e a nota não vale. Há problema no cadastro do emitente ou do "
           "cliente na SEFAZ; fale com o contador.", consome_numero=True),
    Codigo(128, "Lote de evento processado", _A.LOTE_PROCESSADO,
           "A SEFAZ processou o pedido; veja o resultado de cada evento."),
    Codigo(135, "Evento registrado e vinculado a NF-e", _A.EVENTO_REGISTRADO, "O evento foi registrado na SEFAZ."),
    Codigo(136, "Evento registrado, mas não vinculado a NF-e", _A.EVENTO_REGISTRADO,
           "O evento foi registrado na SEFAZ."),
    Codigo(150, "Autorizado o uso da NF-e, autorização fora de prazo", _A.AUTORIZADA,
           "A nota foi autorizada (fora do prazo) e já vale."),
    Codigo(155, "Cancelamento homologado fora de prazo", _A.EVENTO_REGISTRADO,
           "O cancelamento foi registrado na SEFAZ (fora do prazo)."),
    Codigo(204, "Duplicidade de NF-e", _A.DUPLICIDADE,
           "Este número já está autorizado na SEFAZ com esta mesma chave. Consulte a nota (não envie de novo).",
           consome_numero=True),
    Codigo(205, "NF-e está denegada na base de dados da SEFAZ", _A.REJEITADA,
           "Esta NF-e foi denegada na SEFAZ; o número está consumido.", consome_numero=True),
    Codigo(206, "NF-e já está inutilizada na base de dados da SEFAZ", _A.REJEITADA,
           "Este número foi inutilizado na SEFAZ. Gere a nota de novo; ela receberá o próximo número.",
           consome_numero=True),
    Codigo(207, "CNPJ do emitente inválido", _A.REJEITADA,
           "O CNPJ da empresa é inválido. Confira o cadastro em NF-e → Empresa."),
    Codigo(209, "IE do emitente inválida", _A.REJEITADA,
           "A inscrição estadual da empresa é inválida. Confira o cadastro em NF-e → Empresa."),
    Codigo(213, "CNPJ-Base do emitente difere do CNPJ-Base do certificado digital", _A.REJEITADA,
           "O certificado digital A1 pertence a outra empresa (a raiz do CNPJ é diferente). Envie o "
           "certificado da empresa em NF-e → Empresa."),
    Codigo(215, "Falha no schema XML", _A.REJEITADA,
           "Algum campo da nota está mal formado (tamanho, casas decimais, campo vazio ou caractere "
           "inválido). Corrija o cadastro e gere a nota de novo.", rejeita_notas_do_lote=True),
    Codigo(217, "NF-e não consta na base de dados da SEFAZ", _A.NAO_CONSTA,
           "A SEFAZ não tem esta nota: ela nunca foi recebida ou foi rejeitada."),
    Codigo(218, "NF-e já está cancelada na base de dados da SEFAZ", _A.DUPLICIDADE,
           "A nota já está cancelada na SEFAZ; não há mais nada a fazer."),
    Codigo(222, "Protocolo de autorização de uso difere do cadastrado", _A.REJEITADA,
           "O protocolo informado no cancelamento não é o da autorização. Consulte a nota e tente de novo."),
    Codigo(225, "Falha no schema XML do lote de NF-e", _A.REJEITADA,
           "O lote não passou no esquema da SEFAZ (espaços ou quebras de linha entre as tags, caracteres "
           "inválidos ou versão errada). " + _SUPORTE, rejeita_notas_do_lote=True),
    Codigo(226, "Código da UF do emitente diverge da UF autorizadora", _A.REJEITADA,
           "A nota foi enviada ao web service de outro estado."),
    Codigo(228, "Data de emissão muito atrasada", _A.REJEITADA,
           "A data de emissão é antiga demais. Gere a nota de novo com a data de hoje."),
    Codigo(230, "IE do emitente não cadastrada", _A.REJEITADA,
           "A inscrição estadual da empresa não está cadastrada na SEFAZ."),
    Codigo(231, "IE do emitente não vinculada ao CNPJ", _A.REJEITADA,
           "A inscrição estadual da empresa não está vinculada ao CNPJ na SEFAZ."),
    Codigo(232, "IE do destinatário não informada", _A.REJEITADA,
           "Falta a inscrição estadual do cliente. Confira o cadastro do cliente (IE e indicador de IE)."),
    Codigo(233, "IE do destinatário não cadastrada", _A.REJEITADA,
           "A inscrição estadual do cliente não está cadastrada na SEFAZ. Confira o cadastro do cliente."),
    Codigo(234, "IE do destinatário não vinculada ao CNPJ", _A.REJEITADA,
           "A inscrição estadual do cliente não está vinculada ao CNPJ dele. Confira o cadastro do cliente."),
    Codigo(236, "Chave de acesso com dígito verificador inválido", _A.REJEITADA,
           "O dígito verificador da chave de acesso está errado. " + _SUPORTE),
    Codigo(237, "CPF do destinatário inválido", _A.REJEITADA, "O CPF do cliente é inválido. Corrija o cadastro do cliente."),
    Codigo(239, "Cabeçalho - versão do arquivo XML não suportada", _A.REJEITADA,
           "A versão do XML não é aceita: o sistema precisa ser atualizado."),
    Codigo(241, "Um número da faixa já foi utilizado", _A.REJEITADA,
           "O número já foi usado numa NF-e na SEFAZ; não há o que inutilizar.", consome_numero=True),
    Codigo(252, "Ambiente informado diverge do ambiente de recebimento", _A.REJEITADA,
           "O ambiente da nota (homologação ou produção) não é o do endereço da SEFAZ usado. Confira o "
           "ambiente em NF-e → Empresa."),
    Codigo(256, "Uma NF-e da faixa já está inutilizada na base de dados da SEFAZ", _A.DUPLICIDADE,
           "O número já estava inutilizado na SEFAZ.", consome_numero=True),
    Codigo(280, "Certificado transmissor inválido", _A.REJEITADA, _CERTIFICADO_CONEXAO),
    Codigo(281, "Certificado transmissor data validade", _A.REJEITADA, _CERTIFICADO_CONEXAO),
    Codigo(282, "Certificado transmissor sem CNPJ", _A.REJEITADA, _CERTIFICADO_CONEXAO),
    Codigo(283, "Certificado transmissor - erro cadeia de certificação", _A.REJEITADA, _CERTIFICADO_CONEXAO),
    Codigo(284, "Certificado transmissor revogado", _A.REJEITADA, _CERTIFICADO_CONEXAO),
    Codigo(285, "Certificado transmissor difere ICP-Brasil", _A.REJEITADA, _CERTIFICADO_CONEXAO),
    Codigo(286, "Certificado transmissor erro no acesso a LCR", _A.REJEITADA, _CERTIFICADO_CONEXAO),
    Codigo(290, "Certificado assinatura inválido", _A.REJEITADA,
           "O certificado usado na assinatura é inválido. Envie um certificado A1 válido."),
    Codigo(291, "Certificado assinatura data validade", _A.REJEITADA,
           "O certificado usado na assinatura está vencido ou ainda não vale. Renove o certificado A1."),
    Codigo(292, "Certificado assinatura sem CNPJ", _A.REJEITADA,
           "O certificado usado na assinatura não traz o CNPJ (não é um e-CNPJ). Envie o A1 da empresa."),
    Codigo(297, "Assinatura difere do calculado", _A.REJEITADA,
           "A assinatura não confere com o conteúdo: o XML foi alterado depois de assinado. Gere a nota de novo."),
    Codigo(298, "Assinatura difere do padrão do sistema", _A.REJEITADA,
           "A assinatura não segue o padrão exigido pela SEFAZ. " + _SUPORTE),
    Codigo(301, "Uso denegado: irregularidade fiscal do emitente", _A.DENEGADA,
           "Uso denegado por irregularidade fiscal da empresa; o número foi consumido. Fale com o contador.",
           consome_numero=True),
    Codigo(302, "Uso denegado: irregularidade fiscal do destinatário", _A.DENEGADA,
           "Uso denegado por irregularidade fiscal do cliente; o número foi consumido. Fale com o contador.",
           consome_numero=True),
    Codigo(303, "Uso denegado: destinatário não habilitado a operar na UF", _A.DENEGADA,
           "Uso denegado: o cliente não está habilitado a operar na UF; o número foi consumido. Fale com "
           "o contador.", consome_numero=True),
    Codigo(402, "XML da área de dados com codificação diferente de UTF-8", _A.REJEITADA,
           "O XML não está em UTF-8. " + _SUPORTE),
    Codigo(404, "Uso de prefixo de namespace não permitido", _A.REJEITADA,
           "A assinatura usa prefixo de namespace, o que a SEFAZ não aceita. " + _SUPORTE),
    Codigo(434, "Não informado o indicador de intermediador", _A.REJEITADA,
           "Falta o indicador de intermediador (venda pela internet). Confira o marketplace da venda."),
    Codigo(435, "Informado indicador de intermediador indevidamente", _A.REJEITADA,
           "O indicador de intermediador não cabe nesta venda presencial. Confira o marketplace da venda."),
    Codigo(452, "Solicitada resposta assíncrona para lote com somente 1 NF-e", _A.REJEITADA,
           "Lote de uma nota só deve ser enviado no modo síncrono. " + _SUPORTE),
    Codigo(453, "Ano de inutilização não pode ser superior ao ano atual", _A.REJEITADA,
           "O ano da inutilização não pode ser posterior ao ano atual."),
    Codigo(494, "Chave de acesso inexistente", _A.REJEITADA, "A SEFAZ não tem nota com esta chave de acesso."),
    Codigo(501, "Prazo de cancelamento superior ao previsto na legislação", _A.REJEITADA,
           "O prazo de cancelamento (24 horas após a autorização) acabou. Use o cancelamento extemporâneo "
           "da sua UF ou emita uma nota de devolução."),
    Codigo(502, "Erro na chave de acesso - campo Id não corresponde à concatenação dos campos", _A.REJEITADA,
           "A chave de acesso não corresponde aos campos da nota. " + _SUPORTE),
    Codigo(539, "Duplicidade de NF-e com diferença na chave de acesso", _A.OUTRA_CHAVE,
           "Já existe na SEFAZ uma nota com esta série e número, mas com outra chave (um envio anterior "
           "com outro código numérico). Consulte a chave existente antes de fazer qualquer coisa.",
           consome_numero=True),
    Codigo(564, "Total do produto / serviço difere do somatório dos itens", _A.REJEITADA,
           "O total dos produtos não bate com a soma dos itens. " + _SUPORTE),
    Codigo(573, "Duplicidade de evento", _A.DUPLICIDADE, "Este evento já foi registrado na SEFAZ."),
    Codigo(574, "O autor do evento diverge do emissor da NF-e", _A.REJEITADA,
           "Só a empresa emitente pode registrar este evento."),
    Codigo(577, "A data do evento não pode ser menor que a data de emissão da NF-e", _A.REJEITADA,
           "A data do evento é anterior à emissão da nota. Confira o relógio do servidor."),
    Codigo(578, "A data do evento não pode ser maior que a data do processamento", _A.REJEITADA,
           "A data do evento é posterior ao horário da SEFAZ. Confira o relógio do servidor."),
    Codigo(580, "O evento exige uma NF-e autorizada", _A.REJEITADA, "Só se cancela ou corrige uma nota autorizada."),
    Codigo(590, "Informado CST para emissor do Simples Nacional (CRT=1)", _A.REJEITADA,
           "Empresa do Simples Nacional deve usar CSOSN, não CST. Confira a tributação em NF-e → Empresa."),
    Codigo(598, "NF-e emitida em homologação com razão social do destinatário diferente do texto exigido",
           _A.REJEITADA,
           "Em homologação, o nome do destinatário tem de ser “NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - "
           "SEM VALOR FISCAL”. Gere a nota de novo."),
    Codigo(610, "Total da NF difere do somatório dos valores que compõem o valor total da NF", _A.REJEITADA,
           "O total da nota não bate com a soma dos valores que o compõem. " + _SUPORTE),
    Codigo(611, "GTIN (cEAN) inválido", _A.REJEITADA,
           "O código de barras (GTIN/EAN) do produto é inválido. Corrija o produto ou use “SEM GTIN”."),
    Codigo(612, "GTIN da unidade tributável (cEANTrib) inválido", _A.REJEITADA,
           "O código de barras tributável (GTIN/EAN) do produto é inválido. Corrija o produto."),
    Codigo(629, "Valor do produto difere do produto valor unitário de comercialização e quantidade comercial",
           _A.REJEITADA, "O valor do produto não é quantidade × preço unitário. Confira o arredondamento dos itens."),
    Codigo(630, "Valor do produto difere do produto valor unitário de tributação e quantidade tributável",
           _A.REJEITADA, "O valor do produto não é quantidade × preço unitário tributável. Confira os itens."),
    Codigo(656, "Consumo indevido", _A.REPETIR_DEPOIS,
           "A SEFAZ bloqueou as consultas deste CNPJ por excesso de pedidos repetidos. Espere uma hora antes de "
           "consultar de novo.", espera="consumo_indevido"),
    Codigo(703, "Data-hora de emissão posterior ao horário de recebimento", _A.REJEITADA,
           "A data de emissão está no futuro em relação à SEFAZ. Confira o relógio do servidor."),
    Codigo(719, "NF-e sem a identificação do destinatário", _A.REJEITADA,
           "Falta a identificação do cliente (CPF/CNPJ). Complete o cadastro do cliente."),
    Codigo(721, "Operação interestadual deve informar CNPJ ou CPF", _A.REJEITADA,
           "Venda para outro estado exige CPF ou CNPJ do cliente. Complete o cadastro do cliente."),
    Codigo(724, "NF-e sem o nome do destinatário", _A.REJEITADA,
           "Falta o nome do cliente. Complete o cadastro do cliente."),
    Codigo(726, "NF-e sem a informação de endereço do destinatário", _A.REJEITADA,
           "Falta o endereço do cliente. Complete o cadastro do cliente."),
    Codigo(732, "CFOP de operação interestadual e idDest diferente de 2", _A.REJEITADA,
           "CFOP de operação interestadual com destino na mesma UF (ou o contrário). Confira o endereço do cliente."),
    Codigo(733, "CFOP de operação interna e idDest diferente de 1", _A.REJEITADA,
           "CFOP de operação interna com destino em outra UF. Confira o endereço do cliente."),
    Codigo(764, "Solicitada resposta síncrona para lote com mais de uma NF-e", _A.REJEITADA,
           "Envio síncrono só aceita uma nota por lote. " + _SUPORTE),
    Codigo(778, "Informado NCM inexistente", _A.REJEITADA,
           "O NCM do produto não existe. Corrija o NCM no cadastro do produto."),
    Codigo(806, "Operação com ICMS-ST sem informação do CEST", _A.REJEITADA,
           "O produto exige o CEST. Preencha o CEST no cadastro do produto."),
    Codigo(570, "Tipo de emissão 3, 6 ou 7 só é válido nas contingências SCAN/SVC", _A.REJEITADA,
           "A nota foi feita para a contingência (SVC), mas foi à SEFAZ autorizadora. Transmita de novo: ela é "
           "refeita para o modo em vigor."),
    Codigo(999, "Erro não catalogado", _A.REPETIR_DEPOIS, "Erro inesperado na SEFAZ. Tente de novo em alguns minutos.",
           espera="recuo"),
)

CSTAT: dict[int, Codigo] = {linha.codigo: linha for linha in TABELA}


def _linha(cstat: int) -> Codigo | None:
    return CSTAT.get(cstat)


def acao(cstat: int) -> Acao:
    """O que o produto faz com o código; um código fora da tabela é uma rejeição."""
    linha = _linha(cstat)
    return linha.acao if linha is not None else Acao.REJEITADA


def codigos(acao_procurada: Acao) -> tuple[int, ...]:
    return tuple(c for c, linha in CSTAT.items() if linha.acao == acao_procurada)


def consome_numero(cstat: int) -> bool:
    """O número da nota já está usado (ou inutilizado) na SEFAZ: não se pede a inutilização dele."""
    linha = _linha(cstat)
    return linha is not None and linha.consome_numero


def rejeita_notas_do_lote(cstat: int) -> bool:
    """Recusado o lote inteiro com este código, cada nota fica rejeitada (nas outras recusas, volta a assinada)."""
    linha = _linha(cstat)
    return linha is not None and linha.rejeita_notas_do_lote


def servico_parado(cstat: int) -> bool:
    """108/109: o autorizador parou (a contingência SVC pode ser acionada)."""
    linha = _linha(cstat)
    return linha is not None and linha.servico_parado


def espera(cstat: int) -> str:
    """"consumo_indevido", "recuo" ou "" — se o serviço deve ficar sem chamadas por um tempo."""
    linha = _linha(cstat)
    return linha.espera if linha is not None else ""


def explicar(cstat: int) -> str:
    linha = _linha(cstat)
    return linha.texto if linha is not None else ""


def descrever(cstat: int, motivo: str) -> str:
    """'SEFAZ 539: <xMotivo> — <causa e como resolver>' para gravar em NotaFiscal.motivo e mostrar na tela."""
    motivo = (motivo or "").strip()
    texto = f"SEFAZ {cstat}: {motivo}"
    explicacao = explicar(cstat)
    return f"{texto} — {explicacao}" if explicacao else texto

"""O que dizer ao usuário para cada cStat de rejeição (nfe.md §5), em português simples."""

EXPLICACOES = {
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


def explicar(cstat: int) -> str:
    if cstat in EXPLICACOES:
        return EXPLICACOES[cstat]
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

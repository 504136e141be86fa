from erp.nfe.filtros import meio_pagamento


def test_meio_pagamento_com_o_nome():
    assert meio_pagamento("17") == "17 – PIX"
    assert meio_pagamento("3") == "03 – Cartão de Crédito"

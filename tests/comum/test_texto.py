from erp.comum.texto import texto_limpo


def test_remove_controles_e_bidi_e_limita():
    assert texto_limpo("  Camiseta\u202e gpj.exe\x00\x07 ") == "Camiseta gpj.exe"
    assert texto_limpo("a\u2066b\u2069c\ufeff") == "abc"
    assert texto_limpo("linha 1\nlinha 2") == "linha 1 linha 2"
    assert texto_limpo("linha 1\nlinha 2", uma_linha=False) == "linha 1\nlinha 2"
    assert texto_limpo("x" * 500, maximo=120) == "x" * 120
    assert texto_limpo(None) == "" and texto_limpo(12) == "12"
    assert texto_limpo("Sa\u0303o Paulo") == "São Paulo"


def test_ordem_do_portugues_ignora_acento_e_maiuscula_e_ana_vem_antes_de_ana_maria():
    from erp.comum.texto import ordem_ptbr, ordenar_por_nome

    nomes = ["Zé", "banana", "Ágata", "Ana Maria", "agata", "Ana", "Érico", "Eva", "ábaco"]
    esperado = ["ábaco", "agata", "Ágata", "Ana", "Ana Maria", "banana", "Érico", "Eva", "Zé"]
    assert sorted(nomes, key=ordem_ptbr) == esperado
    assert [n for n in ordenar_por_nome(nomes, nome=lambda n: n)] == esperado

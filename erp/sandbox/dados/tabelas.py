"""Tabelas fixas para o gerador da semente de demonstração: nomes, municípios, produtos, descontos."""
from decimal import Decimal

NOMES = ["Ana", "Bruno", "Cláudia", "Débora", "Eduardo", "Fábio", "Gabriela", "Heloísa", "Igor", "Júlia",
         "Karina", "Leandro", "Márcia", "Natália", "Otávio", "Patrícia", "Rafael", "Sérgio", "Tânia", "Vinícius",
         "Luís", "Fernanda", "José", "Mônica", "André", "Letícia", "Caio", "Beatriz", "Márcio", "Lúcia"]
SOBRENOMES = ["Araújo", "Conceição", "Gonçalves", "Ribeiro", "Magalhães", "Lima", "Simões", "Brandão",
              "Assunção", "Fernandes", "Nogueira", "Peixoto", "Vasconcelos", "Guimarães", "Sá", "Damasceno",
              "Antunes", "Falcão", "Macêdo", "Trindade", "Albuquerque", "Cavalcanti", "Bastos", "Romão"]
EMPRESAS = ["Comercial {s} Ltda", "Padaria Pão de Ouro {s} ME", "Restaurante Sabor de Minas Ltda",
            "{s} & Filhos Utilidades Ltda", "Hotel Serra Azul Ltda", "Bufê Estrela {s} Eireli",
            "Mercearia São Jorge Ltda", "Papelaria Ponto Certo Ltda", "Café Aroma do Cerrado Ltda",
            "Clínica Bem-Estar {s} S.A.", "Pousada Maré Mansa Ltda", "Escritório Contábil {s} Ltda"]

# (município, UF, faixa de CEP) — municípios reais com grafia do IBGE.
MUNICIPIOS = [
    ("São Paulo", "SP", (1000, 5999)), ("Belo Horizonte", "MG", (30000, 31999)),
    ("Curitiba", "PR", (80000, 82999)), ("Porto Alegre", "RS", (90000, 91999)),
    ("Salvador", "BA", (40000, 42599)), ("Recife", "PE", (50000, 52999)),
    ("Fortaleza", "CE", (60000, 61599)), ("Goiânia", "GO", (74000, 74899)),
    ("Florianópolis", "SC", (88000, 88099)), ("Manaus", "AM", (69000, 69099)),
    ("Belém", "PA", (66000, 66999)), ("Vitória", "ES", (29000, 29099)),
    ("Campinas", "SP", (13000, 13139)), ("Niterói", "RJ", (24000, 24399)),
    ("Rio de Janeiro", "RJ", (20000, 23799)), ("Brasília", "DF", (70000, 72799)),
    ("São José dos Pinhais", "PR", (83000, 83199)), ("Uberlândia", "MG", (38400, 38415)),
    ("Ribeirão Preto", "SP", (14000, 14109)), ("Londrina", "PR", (86000, 86099)),
    ("Joinville", "SC", (89200, 89239)), ("São Luís", "MA", (65000, 65109)),
    ("João Pessoa", "PB", (58000, 58099)), ("Maceió", "AL", (57000, 57099)),
    ("Cuiabá", "MT", (78000, 78109)), ("Campo Grande", "MS", (79000, 79124)),
    ("Juiz de Fora", "MG", (36000, 36099)), ("Santos", "SP", (11000, 11099)),
    ("Caxias do Sul", "RS", (95000, 95124)), ("Maringá", "PR", (87000, 87099)),
    ("Feira de Santana", "BA", (44000, 44099)), ("Jundiaí", "SP", (13200, 13219)),
]
RUAS = ["Rua das Acácias", "Avenida Brasil", "Rua XV de Novembro", "Rua São João", "Avenida Getúlio Vargas",
        "Rua Sete de Setembro", "Rua Marechal Deodoro", "Rua Tiradentes", "Rua Dom Pedro II",
        "Avenida Independência", "Rua José de Alencar", "Travessa da Conceição", "Rua Barão do Rio Branco"]
BAIRROS = ["Centro", "Jardim América", "Boa Vista", "Santa Cecília", "Vila Nova", "São José", "Cidade Nova",
           "Jardim Botânico", "Bela Vista", "Santo Antônio"]

CATEGORIAS = [  # (id, pai, nome)
    ("1", "0", "Cozinha"), ("2", "1", "Panelas"), ("3", "1", "Utensílios"), ("4", "1", "Eletroportáteis"),
    ("5", "0", "Casa"), ("6", "5", "Cama e Banho"), ("7", "5", "Decoração"), ("8", "0", "Vestuário"),
    ("9", "8", "Camisetas"), ("10", "8", "Calçados"), ("11", "0", "Papelaria"),
]

# (nome, categoria, NCM, preço, custo, eixos de variação)
PRODUTOS = [
    ("Chaleira Inox 2 L", "3", "73239300", "129.90", "70.00", None),
    ("Panela de Pressão 4,5 L", "2", "76151000", "249.00", "131.00", None),
    ("Jogo de Panelas Antiaderente 5 Peças", "2", "76151000", "389.90", "205.00", None),
    ("Frigideira de Alumínio 24 cm", "2", "76151000", "89.90", "41.00", None),
    ("Caçarola Inox Fundo Triplo", "2", "73239300", "219.00", "118.00", None),
    ("Espátula de Bambu", "3", "44199000", "19.90", "6.50", None),
    ("Tábua de Corte em Madeira Maciça", "3", "44199000", "74.90", "30.00", None),
    ("Conjunto de Potes Herméticos", "3", "39241000", "59.90", "24.00", None),
    ("Jogo de Copos de Vidro 6 Unidades", "3", "70133700", "69.90", "28.00", None),
    ("Aparelho de Jantar Porcelana 20 Peças", "3", "69111010", "459.00", "240.00", None),
    ("Cafeteira Elétrica 30 Xícaras", "4", "85167100", "189.90", "97.00", ("Voltagem",)),
    ("Forno Elétrico 45 L", "4", "85166000", "599.00", "330.00", ("Voltagem",)),
    ("Sanduicheira Grill", "4", "85167990", "149.90", "72.00", ("Voltagem",)),
    ("Pano de Prato Atoalhado", "3", "63026000", "19.90", "8.00", ("Cor",)),
    ("Jogo de Lençol Algodão 200 Fios", "6", "63023100", "199.90", "92.00", ("Cor", "Tamanho")),
    ("Toalha de Banho Felpuda", "6", "63026000", "59.90", "25.00", ("Cor",)),
    ("Travesseiro Nasa Viscoelástico", "6", "94049000", "129.00", "58.00", None),
    ("Edredom Casal Microfibra", "6", "63023100", "239.90", "120.00", ("Cor",)),
    ("Vela Aromática Lavanda", "7", "34060000", "39.90", "14.00", None),
    ("Difusor de Aromas Capim-Limão", "7", "33074900", "79.90", "31.00", None),
    ("Vaso Cerâmica Decorativo", "7", "69139000", "99.90", "45.00", ("Cor",)),
    ("Quadro Decorativo Paisagem", "7", "49119100", "149.00", "60.00", None),
    ("Almofada Veludo 45 cm", "7", "94049000", "54.90", "22.00", ("Cor",)),
    ("Camiseta Básica Algodão", "9", "61091000", "49.90", "19.00", ("Cor", "Tamanho")),
    ("Camiseta Estampada Ipê Amarelo", "9", "61091000", "69.90", "26.00", ("Tamanho",)),
    ("Camiseta Polo Piquet", "9", "61051000", "99.90", "41.00", ("Cor", "Tamanho")),
    ("Tênis Casual Lona", "10", "64041900", "179.90", "80.00", ("Tamanho",)),
    ("Sandália Couro Artesanal", "10", "64035900", "139.90", "61.00", ("Tamanho",)),
    ("Chinelo Borracha Confort", "10", "64022000", "34.90", "12.00", ("Tamanho",)),
    ("Caderno Universitário 10 Matérias", "11", "48202000", "32.90", "13.00", None),
    ("Agenda Executiva 2027", "11", "48201000", "59.90", "24.00", None),
    ("Caneta Esferográfica Azul Caixa 50", "11", "96081000", "64.90", "27.00", None),
    ("Estojo Escolar Duplo", "11", "42029200", "39.90", "15.00", ("Cor",)),
    ("Bloco de Notas Adesivas", "11", "48201000", "12.90", "4.50", None),
    ("Mochila Notebook 15,6 Polegadas", "11", "42029200", "219.90", "98.00", None),
    ("Garrafa Térmica Inox 1 L", "3", "96170010", "119.90", "52.00", ("Cor",)),
    ("Escorredor de Louça Inox", "3", "73239300", "139.90", "66.00", None),
    ("Liquidificador Potência 1200 W", "4", "85094050", "259.90", "140.00", ("Voltagem",)),
    ("Açucareiro de Vidro com Tampa", "3", "70133700", "29.90", "11.00", None),
    ("Luminária de Mesa Articulável", "7", "94052100", "159.90", "70.00", None),
]

VALORES_EIXO = {
    "Cor": ["Azul", "Vermelho", "Preto", "Branco", "Verde-Água"],
    "Tamanho": ["P", "M", "G", "GG"],
    "Voltagem": ["110 V", "220 V"],
}
TAMANHOS_CALCADO = ["37", "38", "39", "40", "41", "42"]
TAMANHOS_CAMA = ["Solteiro", "Casal", "Queen"]

# (point_sale, marketplace_document, payment_responsible_document)
MARKETPLACES = [
    ("MERCADO LIVRE", "03007331000141", "10573521000191"),
    ("SHOPEE", "35635824000112", "35635824000112"),
    ("AMAZON", "15436940000103", "15436940000103"),
]
CUPONS = [("BEMVINDO10", "0.10"), ("FRETEGRATIS", "0"), ("BLACK15", "0.15"), ("VOLTEI5", "0.05")]

# Descontos e acréscimos dos pedidos da loja virtual (o cupom fica fora de `discount`, como a Tray mostra).
DESCONTO_PIX = Decimal("0.05")  # desconto da forma de pagamento: vai em `discount`
PROGRESSIVO_A_PARTIR_DE = 4  # itens no pedido
DESCONTO_PROGRESSIVO = Decimal("0.03")  # progressive_discount, sobre os produtos
DESCONTO_PROGRESSIVO_FRETE = Decimal("0.50")  # shipping_progressive_discount, sobre o frete
EMBALAGEM_PRESENTE = Decimal("7.90")  # cart_additional_values_increase
DESCONTO_CARRINHO = Decimal("10.00")  # cart_additional_values_discount
DESCONTO_CARRINHO_A_PARTIR_DE = Decimal("100.00")  # em produtos

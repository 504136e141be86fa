"""Configuração lida do ambiente, com padrões que funcionam numa máquina limpa.

Cada ajuste é declarado uma vez aqui, com o padrão e uma linha que diz para quê; o resto do produto só lê
`current_app.config[NOME]`. A tabela de configuração do README é feita desta lista (`tabela_markdown`), e
um teste mantém as duas iguais.
"""
import os
from dataclasses import dataclass
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
INSTANCIA = Path(os.environ.get("ERP_INSTANCIA", RAIZ / "instance"))


def url_do_banco(url: str) -> str:
    """postgres:// e postgresql:// usam o psycopg2 (o pacote instalado)."""
    for prefixo in ("postgres://", "postgresql://"):
        if url.startswith(prefixo):
            return "postgresql+psycopg2://" + url[len(prefixo):]
    return url


@dataclass(frozen=True)
class Ajuste:
    nome: str
    padrao: str  # como o README mostra o padrão
    descricao: str


AJUSTES: list[Ajuste] = []
_VERDADEIROS = ("1", "sim", "true", "yes", "on")


def _ler(nome: str, padrao, descricao: str, converter=str, padrao_texto: str | None = None):
    """Declara um ajuste lido do ambiente (ou o padrão) e o registra para a tabela do README."""
    AJUSTES.append(Ajuste(nome, padrao_texto if padrao_texto is not None else
                          ("—" if padrao is None else str(padrao)), descricao))
    bruto = os.environ.get(nome)
    if bruto is None or bruto == "":
        return padrao
    return converter(bruto)


def _ligado(bruto: str) -> bool:
    return bruto.strip().lower() in _VERDADEIROS


def _tupla_de_numeros(bruto: str) -> tuple[float, ...]:
    return tuple(float(x) for x in bruto.split(",") if x.strip())


class Config:
    # -- instalação --------------------------------------------------------------------------------
    ERP_INSTANCIA = _ler("ERP_INSTANCIA", str(INSTANCIA), "pasta da instalação: banco SQLite, fila, chaves",
                         padrao_texto="`instance/`")
    SECRET_KEY = _ler("SECRET_KEY", None, "assina sessões e CSRF; sem ela, uma chave aleatória é gerada uma vez em "
                      "`instance/sessao.key`", padrao_texto="gerada em `instance/`")
    ERP_CHAVE_SEGREDOS = _ler("ERP_CHAVE_SEGREDOS", None, "chave Fernet que cifra tokens e certificados no banco",
                              padrao_texto="gerada em `instance/segredos.key`")
    ERP_CHAVE_SEGREDOS_NOVA = _ler("ERP_CHAVE_SEGREDOS_NOVA", None, "chave nova para `lojas recifrar` cifrar de "
                                   "novo os segredos")
    SQLALCHEMY_DATABASE_URI = url_do_banco(_ler(
        "DATABASE_URL", f"sqlite:///{INSTANCIA / 'erp.sqlite3'}",
        "banco; `postgresql://usuario:senha@host/banco` para PostgreSQL",
        padrao_texto="`sqlite:///instance/erp.sqlite3`"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = _ler("REDIS_URL", None, "com ela, a fila de tarefas usa Redis em vez do SQLite")
    HUEY_ARQUIVO = _ler("HUEY_ARQUIVO", str(INSTANCIA / "fila.sqlite3"), "arquivo da fila de tarefas sem Redis",
                        padrao_texto="`instance/fila.sqlite3`")
    # Fila em memória (só testes que rodam as tarefas na mesma thread).
    HUEY_MEMORIA = False
    TAREFA_BATIDA_S = _ler("TAREFA_BATIDA_S", 15.0, "intervalo do sinal de vida de um trabalhador em cada tarefa que "
                           "executa", float)
    TAREFA_SEM_SINAL_S = _ler("TAREFA_SEM_SINAL_S", 60.0, "tarefa \"executando\" sem sinal de vida há mais que isto "
                              "é de um trabalhador que parou: falha e pode rodar de novo", float)
    UPLOADS = _ler("ERP_UPLOADS", str(INSTANCIA / "uploads"), "pasta das imagens de produtos enviadas",
                   padrao_texto="`instance/uploads`")
    ERP_URL_PUBLICA = _ler("ERP_URL_PUBLICA", "http://127.0.0.1:5000",
                           "endereço público de onde a Tray baixa as imagens dos produtos")
    ERP_SANDBOX = _ler("ERP_SANDBOX", False, "liga os comandos `flask sandbox ...` dos simuladores (demonstração e "
                       "testes)", _ligado, padrao_texto="desligado")
    ERP_PERMITIR_REDE_LOCAL = _ler(
        "ERP_PERMITIR_REDE_LOCAL", False, "aceita Site da Tray e imagens em `http` e em endereços locais/privados "
        "(demonstração e testes)", _ligado, padrao_texto="desligado")
    ITENS_POR_PAGINA = _ler("ITENS_POR_PAGINA", 30, "linhas por página nas listas", int)
    LISTAS_TOTAL_VALIDADE_S = _ler("LISTAS_TOTAL_VALIDADE_S", 30.0, "segundos que o total de uma lista (a contagem do filtro) vale em cada processo; uma gravação do próprio processo na tabela o renova na hora", float)

    # -- telas e sessões ---------------------------------------------------------------------------
    ERP_PROXIES = _ler("ERP_PROXIES", 0, "quantos proxies reversos (nginx, balanceador) ficam na frente: com 1 ou "
                       "mais, o endereço e o https vêm de X-Forwarded-For/-Proto", int)
    MAX_CONTENT_LENGTH = _ler("ERP_TAMANHO_MAXIMO_MB", 32, "tamanho máximo de um envio (planilha, A1, imagens), em "
                              "MB; acima disso, 413 sem ler o corpo", int) * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "pt_BR"
    BABEL_DEFAULT_TIMEZONE = "America/Sao_Paulo"

    # -- Tray --------------------------------------------------------------------------------------
    TRAY_CONSUMER_KEY = _ler("TRAY_CONSUMER_KEY", "ck-demo", "credencial do aplicativo na Tray (a padrão é a da "
                             "loja de demonstração)")
    TRAY_CONSUMER_SECRET = _ler("TRAY_CONSUMER_SECRET", "cs-demo", "segredo do aplicativo na Tray")
    TRAY_WEBHOOK_SEGREDO = _ler("TRAY_WEBHOOK_SEGREDO", None, "segredo no endereço das notificações da Tray "
                                "(`/webhooks/tray/<segredo>`)", padrao_texto="gerado em `instance/webhook.key`")
    TRAY_LIMITE_MINUTO = _ler("TRAY_LIMITE_MINUTO", 180, "requisições por minuto por loja", int)
    TRAY_JANELA_S = _ler("TRAY_JANELA_S", 60.0, "janela do limite por minuto, em segundos", float)
    TRAY_LIMITE_DIA = _ler("TRAY_LIMITE_DIA", 10000, "requisições por dia (de Brasília) por loja; 50000 nas lojas "
                           "corporativas", int)
    TRAY_RESERVA_DIA = _ler("TRAY_RESERVA_DIA", 1000, "requisições do dia guardadas para o trabalho interativo e o "
                            "Retorno à Tray: a importação e a exportação em lote param antes delas", int)
    TRAY_LIMITE_APP_MINUTO = _ler("TRAY_LIMITE_APP_MINUTO", 0, "teto por minuto do aplicativo somando todas as "
                                  "lojas (0 = sem teto)", int)
    TRAY_TENTATIVAS = _ler("TRAY_TENTATIVAS", 4, "tentativas de uma requisição à Tray em falha passageira", int)
    TRAY_ESPERA_BASE_S = _ler("TRAY_ESPERA_BASE_S", 0.5, "espera antes da 2ª tentativa (dobra a cada uma)", float)
    TRAY_TIMEOUT_CONEXAO = _ler("TRAY_TIMEOUT_CONEXAO", 5.0, "segundos para conectar à Tray", float)
    TRAY_TIMEOUT_LEITURA = _ler("TRAY_TIMEOUT_LEITURA", 30.0, "segundos esperando a resposta da Tray", float)

    # -- catálogo ----------------------------------------------------------------------------------
    ESTOQUE_ATRASO_S = _ler("ESTOQUE_ATRASO_S", 5.0, "atraso para juntar movimentos de estoque antes de enviar "
                            "às lojas", float)
    ESTOQUE_REPETIR_S = _ler("ESTOQUE_REPETIR_S", 15.0, "espera entre tentativas de envio de estoque", float)
    ESTOQUE_TRAY_COMPARAR_H = _ler("ESTOQUE_TRAY_COMPARAR_H", 6, "a cada quantas horas comparar o estoque do ERP "
                                   "com o das lojas Tray (diferenças na tela Estoque na Tray; 0 desliga)", int)
    EXPORTACAO_TENTATIVAS = _ler("EXPORTACAO_TENTATIVAS", 3, "tentativas por produto na exportação", int)
    EXPORTACAO_PAUSA_S = _ler("EXPORTACAO_PAUSA_S", 10.0, "pausa entre tentativas de exportar um produto", float)
    EXPORTACAO_ESPERAS_CONFERENCIA = _ler(
        "EXPORTACAO_ESPERAS_CONFERENCIA", (0.0, 2.0, 5.0), "esperas (s) antes de conferir na loja um POST de "
        "resposta perdida", _tupla_de_numeros, padrao_texto="`0,2,5`")
    TRAY_IMAGENS_POR_PRODUTO = _ler("TRAY_IMAGENS_POR_PRODUTO", 6, "imagens por produto (posições picture_source_N "
                                    "que a loja aceita; a documentação da Tray fala em 6, a atual em até 15)", int)
    TRAY_IMAGENS_CONFERIR_APOS_S = _ler("TRAY_IMAGENS_CONFERIR_APOS_S", 60.0, "espera (s) depois de enviar imagens "
                                        "antes de conferir se a Tray as mostra (ela as baixa depois)", float)
    TRAY_IMAGENS_TENTATIVAS = _ler("TRAY_IMAGENS_TENTATIVAS", 3, "envios de uma imagem que a Tray não mostra antes "
                                   "de marcar o erro no produto", int)

    # -- pedidos -----------------------------------------------------------------------------------
    PEDIDOS_ESPERAS_S = _ler("PEDIDOS_ESPERAS_S", (30.0, 120.0, 600.0), "esperas (s) entre as novas tentativas "
                             "automáticas de um pedido que falhou por problema passageiro da Tray (5xx, 429, tempo "
                             "esgotado); acabadas, a falha fica com o que fazer", _tupla_de_numeros,
                             padrao_texto="`30,120,600`")
    PEDIDOS_NOTIFICACOES_POR_MINUTO = _ler("PEDIDOS_NOTIFICACOES_POR_MINUTO", 60, "leituras de pedidos por minuto que "
                                           "as notificações da Tray podem gastar em cada loja (o resto do limite fica "
                                           "para as telas e a importação); as demais esperam a vez na fila", int)
    PEDIDOS_NOTIFICACAO_PRESA_S = _ler("PEDIDOS_NOTIFICACAO_PRESA_S", 600.0, "notificação \"processando\" há mais que "
                                       "isto é de um trabalhador que parou: volta à fila", float)
    PEDIDOS_LOTE_FILA = _ler("PEDIDOS_LOTE_FILA", 50, "pedidos por vez de uma importação \"todos do filtro\" na "
                             "fila: a cada lote ela volta para o fim da fila, e as importações das outras lojas andam",
                             int)
    PEDIDOS_ESPERA_TRAY_S = _ler("PEDIDOS_ESPERA_TRAY_S", 4.0, "segundos que a tela Importar Pedidos espera a Tray "
                                 "antes de mostrar o que o ERP já sabe, com aviso", float)

    # -- retorno à Tray ----------------------------------------------------------------------------
    RETORNO_TRAY_URL_CONSULTA = _ler("RETORNO_TRAY_URL_CONSULTA", None, "endereço de consulta da NF-e enviado à "
                                     "Tray com a nota (padrão: o portal da SEFAZ da UF)")
    RETORNO_TRAY_ESPERA_BASE_S = _ler("RETORNO_TRAY_ESPERA_BASE_S", 60.0, "espera depois da 1ª falha passageira "
                                      "do retorno; dobra a cada falha", float)
    RETORNO_TRAY_ESPERA_MAX_S = _ler("RETORNO_TRAY_ESPERA_MAX_S", 6 * 3600.0, "espera máxima entre tentativas do "
                                     "retorno", float)
    RETORNO_TRAY_TENTATIVAS = _ler("RETORNO_TRAY_TENTATIVAS", 8, "falhas passageiras seguidas até o retorno "
                                   "desistir", int)
    RETORNO_TRAY_RESERVA_S = _ler("RETORNO_TRAY_RESERVA_S", 15 * 60.0, "reserva de envio mais velha que isto é "
                                  "de um trabalhador que morreu", float)
    RETORNO_TRAY_ESPERA_BLOQUEIO_S = _ler("RETORNO_TRAY_ESPERA_BLOQUEIO_S", 10 * 60.0, "espera quando a loja está "
                                          "sem configuração, pausada ou a reconectar", float)

    # -- SEFAZ -------------------------------------------------------------------------------------
    SEFAZ_URL = _ler("SEFAZ_URL", None, "endereço de uma SEFAZ alternativa, como a simulada da demonstração "
                     "(sem ela, os endereços oficiais por UF com TLS mútuo)")
    SEFAZ_TEMPO_CONEXAO = _ler("SEFAZ_TEMPO_CONEXAO", 10.0, "segundos para conectar à SEFAZ", float)
    SEFAZ_TEMPO_RESPOSTA = _ler("SEFAZ_TEMPO_RESPOSTA", 30.0, "segundos esperando a resposta da SEFAZ", float)
    SEFAZ_VERIFICAR_TLS = _ler("SEFAZ_VERIFICAR_TLS", True, "verificação do certificado do servidor da SEFAZ: "
                               "`1` (raízes públicas e da ICP-Brasil), `0` ou o caminho de um pacote de ACs",
                               lambda b: _ligado(b) if b.strip().lower() in _VERDADEIROS + ("0", "false", "nao",
                                                                                          "não", "no", "off") else b,
                               padrao_texto="ligada")
    SEFAZ_INTERVALO_RECIBO = _ler("SEFAZ_INTERVALO_RECIBO", 2.0, "espera entre consultas do recibo de um lote",
                                  float)
    SEFAZ_CONSULTAS_RECIBO = _ler("SEFAZ_CONSULTAS_RECIBO", 10, "consultas do recibo antes de deixar o lote em "
                                  "processamento", int)

    # -- Documentos da NF-e: arquivo dos XML e e-mail ao comprador ------------------------------------
    ARQUIVO_XML_URL = _ler("ARQUIVO_XML_URL", None, "guarda os XML autorizados num balde S3 compatível "
                           "(`s3://balde/prefixo?endpoint=https://...&regiao=...`; credenciais na URL ou as do boto3); "
                           "sem ela, na pasta `ARQUIVO_XML_PASTA`")
    ARQUIVO_XML_PASTA = _ler("ARQUIVO_XML_PASTA", str(INSTANCIA / "xml"), "pasta do arquivo dos XML "
                             "(`AAAA/MM/<chave>-procNFe.xml`, eventos ao lado)", padrao_texto="`instance/xml`")
    SMTP_URL = _ler("SMTP_URL", None, "servidor de e-mail do XML e do DANFE ao comprador: "
                    "`smtp://usuario:senha@host:587?starttls=1` ou `smtps://usuario:senha@host:465` "
                    "(sem ela, nada é enviado)")
    SMTP_REMETENTE = _ler("SMTP_REMETENTE", None, "remetente dos e-mails (padrão: o e-mail da empresa emitente)")
    EMAIL_TENTATIVAS = _ler("EMAIL_TENTATIVAS", 6, "tentativas de envio de um e-mail ao comprador", int)
    EMAIL_ESPERA_BASE_S = _ler("EMAIL_ESPERA_BASE_S", 60.0, "espera depois da 1ª falha de envio de e-mail "
                               "(dobra a cada tentativa)", float)


def tabela_markdown() -> str:
    """A tabela de configuração do README, feita dos ajustes declarados em `Config`."""
    linhas = ["| variável | padrão | para quê |", "|---|---|---|"]
    for ajuste in AJUSTES:
        valor = ajuste.padrao
        literal = not valor.startswith("`") and valor != "—" and " " not in valor and not valor.isalpha()
        padrao = f"`{valor}`" if literal else valor
        linhas.append(f"| `{ajuste.nome}` | {padrao} | {ajuste.descricao} |")
    return "\n".join(linhas)


if __name__ == "__main__":  # python -m erp.config: imprime a tabela para o README
    print(tabela_markdown())

"""Configuração lida do ambiente, com padrões que funcionam numa máquina limpa."""
import os
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
INSTANCIA = Path(os.environ.get("ERP_INSTANCIA", RAIZ / "instance"))


def url_do_banco(url: str) -> str:
    """postgres:// e postgresql:// usam o psycopg2 (o pacote instalado)."""
    for prefixo in ("postgres://", "postgresql://"):
        if url.startswith(prefixo):
            return "postgresql+psycopg2://" + url[len(prefixo):]
    return url


def _ligado(nome: str) -> bool:
    return os.environ.get(nome, "").strip().lower() in ("1", "sim", "true", "yes", "on")


class Config:
    # Liga a linha de comando dos simuladores (`flask sandbox ...`): só a demonstração e os testes.
    ERP_SANDBOX = _ligado("ERP_SANDBOX")
    SECRET_KEY = os.environ.get("SECRET_KEY", "erp-tray-chave-de-desenvolvimento")
    # Chave Fernet dos segredos guardados no banco (tokens, certificados). Sem ela no ambiente,
    # uma chave é gerada uma vez em instance/segredos.key.
    ERP_CHAVE_SEGREDOS = os.environ.get("ERP_CHAVE_SEGREDOS")
    SQLALCHEMY_DATABASE_URI = url_do_banco(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCIA / 'erp.sqlite3'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    TRAY_CONSUMER_KEY = os.environ.get("TRAY_CONSUMER_KEY", "ck-demo")
    TRAY_CONSUMER_SECRET = os.environ.get("TRAY_CONSUMER_SECRET", "cs-demo")
    REDIS_URL = os.environ.get("REDIS_URL")
    HUEY_ARQUIVO = os.environ.get("HUEY_ARQUIVO", str(INSTANCIA / "fila.sqlite3"))
    ERP_URL_PUBLICA = os.environ.get("ERP_URL_PUBLICA", "http://127.0.0.1:5000")
    UPLOADS = os.environ.get("ERP_UPLOADS", str(INSTANCIA / "uploads"))
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "pt_BR"
    BABEL_DEFAULT_TIMEZONE = "America/Sao_Paulo"
    ITENS_POR_PAGINA = 30
    # Sem SEFAZ_URL, a NF-e vai aos endereços oficiais de cada UF (TLS mútuo com o A1).
    SEFAZ_URL = os.environ.get("SEFAZ_URL")
    # Sincronização de estoque com as lojas: atraso para juntar movimentos e espera entre tentativas.
    ESTOQUE_ATRASO_S = int(os.environ.get("ESTOQUE_ATRASO_S", 5))
    ESTOQUE_REPETIR_S = int(os.environ.get("ESTOQUE_REPETIR_S", 15))
    # Exportação de produtos: tentativas por produto e pausa entre elas.
    EXPORTACAO_TENTATIVAS = int(os.environ.get("EXPORTACAO_TENTATIVAS", 3))
    EXPORTACAO_PAUSA_S = int(os.environ.get("EXPORTACAO_PAUSA_S", 10))
    EXPORTACAO_ESPERAS_CONFERENCIA = (0, 2, 5)

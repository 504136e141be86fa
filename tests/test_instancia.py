"""Arquivos da instalação (banco, fila, chaves) só legíveis pelo dono."""
from erp import create_app


def test_banco_fila_e_chaves_nascem_0600(tmp_path, _base):
    config = {**_base, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'erp.sqlite3'}",
              "HUEY_ARQUIVO": str(tmp_path / "fila.sqlite3"), "SECRET_KEY": None, "ERP_CHAVE_SEGREDOS": None}
    app = create_app(config)
    app.instance_path = str(tmp_path)
    with app.app_context():
        from erp.comum.cripto import cifrar

        cifrar(b"x")  # gera a chave dos segredos
    for nome in ("erp.sqlite3", "fila.sqlite3", "segredos.key"):
        assert (tmp_path / nome).stat().st_mode & 0o777 == 0o600, nome

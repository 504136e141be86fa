"""nfe sefaz: envios de lote, eventos e inutilizações

Revision ID: 0003_nfe_sefaz_comunicacao
Revises: 0002_nfe_base
Create Date: 2026-11-24

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_nfe_sefaz_comunicacao'
down_revision = '0002_nfe_base'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('envios_nfe',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lote_id', sa.Integer(), nullable=True),
    sa.Column('sincrono', sa.Boolean(), nullable=False),
    sa.Column('recibo', sa.String(length=20), nullable=True),
    sa.Column('cstat', sa.Integer(), nullable=True),
    sa.Column('motivo', sa.Text(), nullable=True),
    sa.Column('enviado_em', sa.DateTime(), nullable=False),
    sa.Column('processado_em', sa.DateTime(), nullable=True),
    sa.Column('xml_retorno', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['lote_id'], ['lotes_nfe.id'], name=op.f('fk_envios_nfe_lote_id_lotes_nfe'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_envios_nfe'))
    )
    op.create_index(op.f('ix_envios_nfe_lote_id'), 'envios_nfe', ['lote_id'], unique=False)
    op.create_index(op.f('ix_envios_nfe_recibo'), 'envios_nfe', ['recibo'], unique=False)
    op.create_table('envios_nfe_notas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('envio_id', sa.Integer(), nullable=False),
    sa.Column('nota_id', sa.Integer(), nullable=False),
    sa.Column('cstat', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['envio_id'], ['envios_nfe.id'], name=op.f('fk_envios_nfe_notas_envio_id_envios_nfe'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nota_id'], ['notas_fiscais.id'],
                            name=op.f('fk_envios_nfe_notas_nota_id_notas_fiscais'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_envios_nfe_notas')),
    sa.UniqueConstraint('envio_id', 'nota_id', name=op.f('uq_envios_nfe_notas_envio_id_nota_id'))
    )
    op.create_index(op.f('ix_envios_nfe_notas_nota_id'), 'envios_nfe_notas', ['nota_id'], unique=False)
    op.create_table('eventos_nfe',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nota_id', sa.Integer(), nullable=False),
    sa.Column('tipo', sa.String(length=6), nullable=False),
    sa.Column('sequencia', sa.Integer(), nullable=False),
    sa.Column('texto', sa.Text(), nullable=False),
    sa.Column('situacao', sa.String(length=12), nullable=False),
    sa.Column('cstat', sa.Integer(), nullable=True),
    sa.Column('motivo', sa.Text(), nullable=True),
    sa.Column('protocolo', sa.String(length=20), nullable=True),
    sa.Column('registrado_em', sa.DateTime(), nullable=True),
    sa.Column('xml_pedido', sa.LargeBinary(), nullable=True),
    sa.Column('xml_retorno', sa.LargeBinary(), nullable=True),
    sa.Column('criado_em', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['nota_id'], ['notas_fiscais.id'], name=op.f('fk_eventos_nfe_nota_id_notas_fiscais'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eventos_nfe'))
    )
    op.create_index(op.f('ix_eventos_nfe_nota_id'), 'eventos_nfe', ['nota_id'], unique=False)
    op.create_index('uq_eventos_nfe_registrado', 'eventos_nfe', ['nota_id', 'tipo', 'sequencia'], unique=True,
                    sqlite_where=sa.text("situacao = 'registrado'"),
                    postgresql_where=sa.text("situacao = 'registrado'"))
    op.create_table('inutilizacoes_nfe',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ambiente', sa.String(length=12), nullable=False),
    sa.Column('serie', sa.Integer(), nullable=False),
    sa.Column('numero_inicial', sa.Integer(), nullable=False),
    sa.Column('numero_final', sa.Integer(), nullable=False),
    sa.Column('justificativa', sa.Text(), nullable=False),
    sa.Column('cstat', sa.Integer(), nullable=True),
    sa.Column('motivo', sa.Text(), nullable=True),
    sa.Column('protocolo', sa.String(length=20), nullable=True),
    sa.Column('xml_pedido', sa.LargeBinary(), nullable=True),
    sa.Column('xml_retorno', sa.LargeBinary(), nullable=True),
    sa.Column('criado_em', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inutilizacoes_nfe'))
    )


def downgrade():
    op.drop_table('inutilizacoes_nfe')
    op.drop_index('uq_eventos_nfe_registrado', table_name='eventos_nfe')
    op.drop_index(op.f('ix_eventos_nfe_nota_id'), table_name='eventos_nfe')
    op.drop_table('eventos_nfe')
    op.drop_index(op.f('ix_envios_nfe_notas_nota_id'), table_name='envios_nfe_notas')
    op.drop_table('envios_nfe_notas')
    op.drop_index(op.f('ix_envios_nfe_recibo'), table_name='envios_nfe')
    op.drop_index(op.f('ix_envios_nfe_lote_id'), table_name='envios_nfe')
    op.drop_table('envios_nfe')

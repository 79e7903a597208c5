from village.admin_movements import MovementProposalAdmin

__all__ = ["MovementProposalAdmin"]

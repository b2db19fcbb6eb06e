"""A realistic, deterministic demo site: the life of La Ressourcerie since April 2019.

All people are fictitious (Faker fr_FR, seeded). The public interface is what the GUI and
the ``demo`` command use; the generators live in the sibling modules.
"""

from desktop.demo.accounts import DEMO_ACCOUNTS, DemoAccount
from desktop.demo.builder import DemoSummary, build_demo
from desktop.demo.context import DemoCancelled

__all__ = ["DEMO_ACCOUNTS", "DemoAccount", "DemoCancelled", "DemoSummary", "build_demo"]

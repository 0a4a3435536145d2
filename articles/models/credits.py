"""What every credit shares: a person named on something printed, in printed order."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Credit(models.Model):
    """A person named on something printed (an article, a page, a photo), in printed order.

    Each concrete credit adds the foreign key to what it credits (and a role where there are
    several), its own history and its uniqueness rule; its default ordering is by that key's
    column, then position, so that sorting never joins the credited table.
    """

    person = models.ForeignKey("articles.Person", verbose_name=_("人物"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        abstract = True


class RoleCredit(Credit):
    """A credit with a role from the concrete model's `Role` choices (its `role` field)."""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.role_label} {self.person}"

    @property
    def role_label(self):
        """get_role_display(), at a fraction of its cost (a byline or a page's credits ask for
        it once or twice per credit)."""
        return self.Role.label_of(self.role)

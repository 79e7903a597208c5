"""Administrative regions keyed by the dotted Kemendagri code (Kepmendagri 300.2.2-2138/2025 as amended by
300.2.2-2430/2025).

The code is the primary key, so a foreign key to a region stores its code: scoping by prefix
(`18.` for Lampung, `18.07.` for Lampung Timur) needs no join.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Regency(models.Model):
    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class District(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Village(models.Model):
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_kelurahan(self) -> bool:
        # Village codes starting with 1 are urban kelurahan, with 2 rural desa.
        return self.code.rsplit(".", 1)[-1].startswith("1")


class HistoricDistrict(models.Model):
    """A district code of an earlier decree that the 2025 decree no longer lists (former Papua and Papua
    Barat, split in 2022). A NIK keeps the district code it was first issued with, so these codes are valid
    in a NIK; the officer is told the current district (`successor`, when there is a single one)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    regency_name = models.CharField(_("regency or city"), max_length=100)
    province_name = models.CharField(_("province"), max_length=100)
    last_listed = models.PositiveSmallIntegerField(_("last listed in"))
    successor = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current district"),
    )

    class Meta:
        verbose_name = _("district of an earlier decree")
        verbose_name_plural = _("districts of earlier decrees")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# Level of a code = number of dotted parts; the models in that order.
LEVEL_MODELS: tuple[type[Province] | type[Regency] | type[District] | type[Village], ...] = (
    Province,
    Regency,
    District,
    Village,
)

"""Public pages: the indicators by category and one indicator's series with chart and table."""

from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import Indicator


def indicator_index(request):
    context = {"categories": selectors.indicators_by_category()}
    return render(request, "indicators/index.html", context)


def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    observations, chart = selectors.indicator_series(indicator=indicator, user=request.user)
    context = {"indicator": indicator, "observations": observations, "chart": chart}
    return render(request, "indicators/indicator_detail.html", context)

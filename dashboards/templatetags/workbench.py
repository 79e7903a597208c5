from django import template

from dashboards.workbench import workbench_items

register = template.Library()


@register.inclusion_tag("admin/workbench.html", takes_context=True)
def workbench(context):
    request = context.get("request")
    return {"groups": workbench_items(user=request.user) if request is not None else []}

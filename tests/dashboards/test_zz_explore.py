import pytest
from regions.models import Village, District

@pytest.mark.django_db
def test_explore(regions):
    print(Village.objects.count(), District.objects.filter(code__startswith='18.07.').count())
    print(Village.objects.filter(code__startswith='18.07.01.').count(), list(Village.objects.filter(code__startswith='18.07.01.').values_list('code',flat=True)[:40]))
    print(list(District.objects.filter(code__startswith='18.07.').values_list('code',flat=True)))
    print(Village.objects.filter(code__startswith='18.07.').count())
    print(list(Village.objects.filter(code__startswith='35.78.01.').values_list('code',flat=True)[:5]))
    print([ (d, Village.objects.filter(code__startswith=d+'.').count()) for d in District.objects.filter(code__startswith='18.07.').values_list('code',flat=True)])

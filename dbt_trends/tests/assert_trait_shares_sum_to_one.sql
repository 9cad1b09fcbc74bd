-- Within a chart date, source and trait type, the shares of the traits present sum to 1.
select chart_date, source, trait_type, sum(share) as total
from {{ ref('trait_momentum') }}
group by chart_date, source, trait_type
having abs(sum(share) - 1) > 1e-6

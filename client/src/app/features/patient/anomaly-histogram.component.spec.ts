import { TestBed } from '@angular/core/testing';
import { histogram } from '../../shared/histogram';
import { AnomalyHistogramComponent } from './anomaly-histogram.component';

describe('AnomalyHistogramComponent', () => {
  it('explains when there is nothing to summarise', async () => {
    const fixture = TestBed.createComponent(AnomalyHistogramComponent);
    fixture.componentRef.setInput('left', histogram([]));
    fixture.componentRef.setInput('right', histogram([]));
    fixture.componentRef.setInput('readings', 0);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('No anomalous readings');
  });
});
